using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Guarded.RealWorld;

/// <summary>What a finding turned out to be when a person read the code.</summary>
internal enum Verdict
{
    /// <summary>Two threads can really interleave there and break something the code relies on.</summary>
    TrueRace,

    /// <summary>A race that does no harm today but is worth the fix (a stale read, a torn invariant nobody hits yet).</summary>
    BenignWorthFix,

    /// <summary>A race on purpose, or one whose every outcome is fine; a fix would only add cost.</summary>
    Benign,

    /// <summary>No race: the state is not shared, or it is guarded in a way the rule did not see.</summary>
    FalsePositive,
}

/// <summary>One triaged finding, as a fact: where it is, which rule reported it, what it is and why.</summary>
internal sealed record Label(string Codebase, string Repository, string Commit, string File, int Line, string Rule, Verdict Verdict, string Reason)
{
    /// <summary>The label words used in the files, in <see cref="Verdict"/> order.</summary>
    public static readonly IReadOnlyDictionary<string, Verdict> Words = new Dictionary<string, Verdict>(StringComparer.Ordinal)
    {
        ["true-race"] = Verdict.TrueRace,
        ["benign-fix"] = Verdict.BenignWorthFix,
        ["benign"] = Verdict.Benign,
        ["false-positive"] = Verdict.FalsePositive,
    };

    public const string Header = "repository\tcommit\tfile\tline\trule\tlabel\treason";

    private static readonly Regex RulePattern = new("^GRD[1-9][0-9]{2}$", RegexOptions.CultureInvariant);

    /// <summary>What a finding is matched on: the file, the line and the rule.</summary>
    public FindingKey Key => new(Codebase, File, Line, Rule);

    public static string WordOf(Verdict verdict) => Words.First(pair => pair.Value == verdict).Key;

    /// <summary>Reads every <c>labels/NAME.tsv</c> of <paramref name="folder"/>; each must name a code base of <paramref name="codebases"/>.</summary>
    public static IReadOnlyList<Label> LoadAll(string folder, IReadOnlyList<Codebase> codebases)
    {
        var labels = new List<Label>();
        var problems = new List<string>();
        foreach (string file in Directory.EnumerateFiles(folder, "*.tsv").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            if (codebases.FirstOrDefault(c => c.Name == name) is not { } codebase)
            {
                problems.Add($"{file}: no code base named '{name}' in codebases.tsv");
                continue;
            }

            labels.AddRange(Parse(file, System.IO.File.ReadAllLines(file), codebase, problems));
        }

        if (problems.Count > 0)
        {
            throw new EvaluationInputException(problems);
        }

        return labels;
    }

    /// <summary>Parses one code base's labels; problems (with file and line) are added to <paramref name="problems"/>.</summary>
    public static List<Label> Parse(string path, IReadOnlyList<string> lines, Codebase codebase, List<string> problems)
    {
        var labels = new List<Label>();
        var seen = new Dictionary<FindingKey, int>();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            string where = $"{path}:{i + 1}";
            if (i == 0)
            {
                if (line != Header)
                {
                    problems.Add($"{where}: expected the header '{Header.Replace('\t', ',')}' (tab-separated)");
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            string[] cells = line.Split('\t');
            if (cells.Length != 7)
            {
                problems.Add($"{where}: expected 7 tab-separated cells, found {cells.Length}");
                continue;
            }

            if (cells[0] != codebase.Repository || cells[1] != codebase.Commit)
            {
                problems.Add($"{where}: repository and commit must be those of '{codebase.Name}' ({codebase.Repository} {codebase.Commit})");
            }

            if (cells[2].Length == 0 || cells[2].StartsWith('/') || cells[2].Contains('\\', StringComparison.Ordinal))
            {
                problems.Add($"{where}: file '{cells[2]}' must be relative to the repository root, with forward slashes");
            }

            if (!int.TryParse(cells[3], out int lineNumber) || lineNumber < 1)
            {
                problems.Add($"{where}: line '{cells[3]}' is not a positive number");
            }

            if (!RulePattern.IsMatch(cells[4]))
            {
                problems.Add($"{where}: rule '{cells[4]}' is not a Guarded rule id");
            }

            if (!Words.TryGetValue(cells[5], out Verdict verdict))
            {
                problems.Add($"{where}: label '{cells[5]}' is not one of {string.Join(", ", Words.Keys)}");
            }

            if (string.IsNullOrWhiteSpace(cells[6]))
            {
                problems.Add($"{where}: every label needs its one line of reasoning");
            }

            var label = new Label(codebase.Name, cells[0], cells[1], cells[2], lineNumber, cells[4], verdict, cells[6]);
            if (seen.TryGetValue(label.Key, out int first))
            {
                problems.Add($"{where}: {label.File}:{label.Line} {label.Rule} is already labelled on line {first}");
                continue;
            }

            seen[label.Key] = i + 1;
            labels.Add(label);
        }

        return labels;
    }

    /// <summary>The line this label is written as.</summary>
    public string ToLine() => string.Join('\t', Repository, Commit, File, Line.ToString(System.Globalization.CultureInfo.InvariantCulture), Rule, WordOf(Verdict), Reason);
}

/// <summary>Where a finding is and which rule reported it: what labels are matched on.</summary>
internal readonly record struct FindingKey(string Codebase, string File, int Line, string Rule);
