using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Guarded.RealWorld;

/// <summary>
/// One public code base of the evaluation, pinned at a commit: the project <c>guarded check</c> runs on and the target
/// framework it is analysed for.
/// </summary>
/// <param name="Name">Short name, also the stem of its labels file (<c>labels/NAME.tsv</c>).</param>
/// <param name="Repository">GitHub <c>owner/name</c>.</param>
/// <param name="Commit">The pinned commit (40 hex digits).</param>
/// <param name="Project">The <c>.csproj</c> checked, relative to the repository root.</param>
/// <param name="Framework">The target framework analysed (<c>--framework</c>).</param>
/// <param name="Kind">What kind of library it is (messaging, caching, …), so the set stays varied.</param>
internal sealed record Codebase(string Name, string Repository, string Commit, string Project, string Framework, string Kind)
{
    private static readonly Regex NamePattern = new("^[a-z0-9][a-z0-9-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex RepositoryPattern = new("^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex CommitPattern = new("^[0-9a-f]{40}$", RegexOptions.CultureInvariant);

    /// <summary>The folder name a checkout or a mirror of the repository has: <c>owner+name</c>.</summary>
    public string Folder => Repository.Replace('/', '+');

    /// <summary>Reads <c>codebases.tsv</c>: a header line, then one tab-separated code base per line; <c>#</c> starts a comment.</summary>
    public static IReadOnlyList<Codebase> Load(string path)
    {
        var codebases = new List<Codebase>();
        var problems = new List<string>();
        string[] lines = File.ReadAllLines(path);
        bool header = true;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (header)
            {
                header = false;
                if (line != "name\trepository\tcommit\tproject\tframework\tkind")
                {
                    problems.Add($"{path}:{i + 1}: expected the header 'name, repository, commit, project, framework, kind' (tab-separated)");
                }

                continue;
            }

            string[] cells = line.Split('\t');
            if (cells.Length != 6)
            {
                problems.Add($"{path}:{i + 1}: expected 6 tab-separated cells, found {cells.Length}");
                continue;
            }

            var codebase = new Codebase(
                cells[0],
                cells[1],
                cells[2],
                cells[3],
                cells[4],
                cells[5]);
            problems.AddRange(codebase.Validate().Select(problem => $"{path}:{i + 1}: {problem}"));
            if (codebases.Any(c => c.Name == codebase.Name))
            {
                problems.Add($"{path}:{i + 1}: code base '{codebase.Name}' is listed twice");
            }

            codebases.Add(codebase);
        }

        if (problems.Count > 0)
        {
            throw new EvaluationInputException(problems);
        }

        return codebases;
    }

    private IEnumerable<string> Validate()
    {
        if (!NamePattern.IsMatch(Name))
        {
            yield return $"name '{Name}' must be lower-case letters, digits and dashes";
        }

        if (!RepositoryPattern.IsMatch(Repository))
        {
            yield return $"repository '{Repository}' must be owner/name";
        }

        if (!CommitPattern.IsMatch(Commit))
        {
            yield return $"commit '{Commit}' must be 40 lower-case hex digits";
        }

        if (!Project.EndsWith(".csproj", StringComparison.Ordinal) || Project.StartsWith('/') || Project.Contains('\\', StringComparison.Ordinal))
        {
            yield return $"project '{Project}' must be a .csproj path relative to the repository root, with forward slashes";
        }

        if (string.IsNullOrWhiteSpace(Framework) || string.IsNullOrWhiteSpace(Kind))
        {
            yield return "framework and kind must not be empty";
        }
    }
}

/// <summary>Bad evaluation input (a malformed manifest or labels file): every problem found, with file and line.</summary>
internal sealed class EvaluationInputException : Exception
{
    public EvaluationInputException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
