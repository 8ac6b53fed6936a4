using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Guarded.Corpus.Tests.Support;

/// <summary>One labelled case of the corpus: a small source file and the findings it must produce.</summary>
internal sealed record CorpusCase(string RelativePath, string Name, string Text, bool Quiet, ImmutableArray<ExpectedFinding> Expected)
{
    private static readonly Regex s_expect = new(@"//\s*expect:\s*(?<ids>GRD\d{3}(?:\s*,\s*GRD\d{3})*)\s*$", RegexOptions.Compiled);
    private static readonly Regex s_name = new(@"^\s*//\s*case:\s*(?<name>.+?)\s*$", RegexOptions.Compiled);
    private static readonly Regex s_quiet = new(@"^\s*//\s*quiet\s*$", RegexOptions.Compiled);

    /// <summary>The folder the cases are copied to beside the test assembly.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Cases");

    private static readonly Lazy<ImmutableArray<CorpusCase>> s_all = new(() =>
        Directory.EnumerateFiles(Folder, "*.cs", SearchOption.AllDirectories)
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => Parse(Path.GetRelativePath(Folder, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToImmutableArray());

    /// <summary>Every case, in a stable order.</summary>
    public static ImmutableArray<CorpusCase> All => s_all.Value;

    /// <summary>The rule a case is filed under: its folder name (GRD101, …).</summary>
    public string Rule => RelativePath.Split('/')[0];

    public static CorpusCase Parse(string relativePath, string text)
    {
        var lines = text.Split('\n');
        string? name = null;
        var quiet = false;
        var expected = new List<ExpectedFinding>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (name is null && s_name.Match(line) is { Success: true } n)
            {
                name = n.Groups["name"].Value;
            }

            if (s_quiet.IsMatch(line))
            {
                quiet = true;
            }

            if (s_expect.Match(line) is { Success: true } e)
            {
                foreach (var id in e.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    expected.Add(new ExpectedFinding(i + 1, id));
                }
            }
        }

        return new CorpusCase(relativePath, name ?? string.Empty, text, quiet, expected.ToImmutableArray());
    }
}

/// <summary>A label: the rule <paramref name="Id"/> must start a diagnostic on 1-based <paramref name="Line"/>.</summary>
internal sealed record ExpectedFinding(int Line, string Id);
