using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Guarded.RealWorld;

/// <summary>
/// A race a public repository shipped and later fixed (<c>eval/races.tsv</c>): at <see cref="RacyCommit"/> the code at
/// <see cref="Lines"/> of <see cref="File"/> races; <see cref="FixCommit"/> repaired it. <see cref="Rule"/> is the rule
/// that should report it, or <c>-</c> when none of ours fits yet.
/// </summary>
internal sealed record Race(int Number, string Repository, string RacyCommit, string FixCommit, string File, IReadOnlyList<(int From, int To)> Lines, string Shape, string Rule, string Reason)
{
    public const string Header = "repository\tracy_commit\tfix_commit\tfile\tlines\tshape\trule\treason";

    private static readonly Regex CommitPattern = new("^[0-9a-f]{40}$", RegexOptions.CultureInvariant);
    private static readonly Regex RulePattern = new("^(GRD[1-4][0-9]{2}|-)$", RegexOptions.CultureInvariant);

    /// <summary>The rule family digit of <see cref="Rule"/> (<c>1</c> atomicity, <c>2</c> guarding, …), or null for <c>-</c>.</summary>
    public char? Family => Rule == "-" ? null : Rule[3];

    /// <summary>Whether <paramref name="line"/> is one of the racy lines, give or take <paramref name="slack"/>.</summary>
    public bool Covers(int line, int slack) => Lines.Any(range => line >= range.From - slack && line <= range.To + slack);

    /// <summary>Reads <c>races.tsv</c>; every malformed row is reported at once.</summary>
    public static IReadOnlyList<Race> Load(string path, IReadOnlyCollection<string> heldOut)
    {
        var races = new List<Race>();
        var problems = new List<string>();
        string[] rows = System.IO.File.ReadAllLines(path);
        if (rows.Length == 0 || rows[0] != Header)
        {
            problems.Add($"{path}:1: expected the header '{Header.Replace('\t', ',')}' (tab-separated)");
        }

        for (int i = 1; i < rows.Length; i++)
        {
            if (rows[i].Length == 0 || rows[i].StartsWith('#'))
            {
                continue;
            }

            string[] cells = rows[i].Split('\t');
            if (cells.Length != 8)
            {
                problems.Add($"{path}:{i + 1}: expected 8 tab-separated cells, found {cells.Length}");
                continue;
            }

            var lines = ParseLines(cells[4]);
            string where = $"{path}:{i + 1}";
            if (heldOut.Contains(cells[0], StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{where}: {cells[0]} is held out for independent evaluation");
            }

            if (!CommitPattern.IsMatch(cells[1]) || !CommitPattern.IsMatch(cells[2]))
            {
                problems.Add($"{where}: commits must be 40 lower-case hex digits");
            }

            if (lines is null)
            {
                problems.Add($"{where}: lines '{cells[4]}' must be numbers, ranges (120-124) or a comma list");
            }

            if (!RulePattern.IsMatch(cells[6]))
            {
                problems.Add($"{where}: rule '{cells[6]}' must be a GRD id or '-'");
            }

            races.Add(new Race(races.Count + 1, cells[0], cells[1], cells[2], cells[3], lines ?? [], cells[5], cells[6], cells[7]));
        }

        return problems.Count == 0 ? races : throw new EvaluationInputException(problems);
    }

    private static List<(int, int)>? ParseLines(string text)
    {
        var ranges = new List<(int, int)>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            string[] ends = part.Split('-');
            if (ends.Length is < 1 or > 2 || !int.TryParse(ends[0], out int from) || from < 1)
            {
                return null;
            }

            int to = from;
            if (ends.Length == 2 && (!int.TryParse(ends[1], out to) || to < from))
            {
                return null;
            }

            ranges.Add((from, to));
        }

        return ranges.Count == 0 ? null : ranges;
    }
}
