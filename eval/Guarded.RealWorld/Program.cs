using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.RealWorld;

/// <summary>
/// <c>dotnet run --project eval/Guarded.RealWorld -- --checkouts DIR [--mirrors DIR] [--only NAME]… [--no-restore]
/// [--out DIR] [--rescore] [--report FILE] [--pending FILE] [--races FILE]</c>: checks every code base of
/// <c>eval/codebases.tsv</c> at its pinned commit and scores the findings against <c>eval/labels/</c>; with
/// <c>--races</c>, checks each mined race fix's project at its racy commit instead and reports recall. Exit codes: 0
/// scored; 1 a code base did not run or an analyzer threw (AD0001); 2 bad input.
/// </summary>
internal static class Program
{
    private const string Usage =
        "usage: Guarded.RealWorld --checkouts DIR [--mirrors DIR] [--only NAME]... [--no-restore] [--out DIR] [--rescore] [--every-rule-on] [--report FILE] [--pending FILE] [--eval DIR] [--races FILE]";

    private static async Task<int> Main(string[] args)
    {
        Options? options = Options.Parse(args, Console.Error);
        if (options is null)
        {
            await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        if (options.Races is not null)
        {
            return await RecallAsync(options).ConfigureAwait(false);
        }

        IReadOnlyList<Codebase> codebases;
        IReadOnlyList<Label> labels;
        try
        {
            codebases = Codebase.Load(Path.Combine(options.EvalFolder, "codebases.tsv"));
            labels = Label.LoadAll(Path.Combine(options.EvalFolder, "labels"), codebases);
        }
        catch (EvaluationInputException exception)
        {
            foreach (string problem in exception.Problems)
            {
                await Console.Error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
            }

            return 2;
        }

        string[] unknown = options.Only.Where(name => codebases.All(c => c.Name != name)).ToArray();
        if (unknown.Length > 0)
        {
            await Console.Error.WriteLineAsync($"error: no code base named {string.Join(", ", unknown)} (known: {string.Join(", ", codebases.Select(c => c.Name))})").ConfigureAwait(false);
            return 2;
        }

        var selected = codebases.Where(c => options.Only.Count == 0 || options.Only.Contains(c.Name)).ToList();
        string outputFolder = options.OutputFolder ?? Path.Combine(options.Checkouts, ".guarded-eval-out");
        Directory.CreateDirectory(outputFolder);
        var outcomes = new List<CheckOutcome>();
        foreach (Codebase codebase in selected)
        {
            await Console.Error.WriteLineAsync($"[{outcomes.Count + 1}/{selected.Count}] {codebase.Name} ({codebase.Repository} @ {codebase.Commit[..12]})").ConfigureAwait(false);
            CheckOutcome outcome;
            try
            {
                string tree = Checkout.Ensure(codebase, options.Checkouts, options.Mirrors);
                if (options.Rescore)
                {
                    outcome = CheckRun.Reread(codebase, tree, outputFolder);
                }
                else
                {
                    outcome = await CheckRun.RunAsync(codebase, tree, outputFolder, options.Restore, CancellationToken.None).ConfigureAwait(false);
                    CheckRun.Record(outcome, outputFolder);
                }
            }
            catch (CheckoutException exception)
            {
                outcome = new CheckOutcome(codebase, [], exception.Message, TimeSpan.Zero);
            }

            await Console.Error.WriteLineAsync(outcome.Failure is null
                ? $"    {outcome.Findings.Count} finding(s) in {outcome.Elapsed.TotalSeconds:0} s"
                : $"    not run: {outcome.Failure}").ConfigureAwait(false);
            outcomes.Add(outcome);
        }

        // A report of an analyzer version that had every rule on (before rules could be off by default) says so.
        Scoreboard board = options.EveryRuleOn ? Scoreboard.Score(outcomes, labels, isOnByDefault: _ => true) : Scoreboard.Score(outcomes, labels);
        board.Write(Console.Out);
        if (options.Report is not null)
        {
            await using var report = new StreamWriter(options.Report);
            board.Write(report);
        }

        if (options.Pending is not null)
        {
            await File.WriteAllLinesAsync(options.Pending, board.PendingLines(codebases)).ConfigureAwait(false);
        }

        return board.Crashes.Count > 0 || outcomes.Any(o => o.Failure is not null) ? 1 : 0;
    }

    /// <summary>Checks every race of <c>--races</c> at its racy commit and writes the recall report.</summary>
    private static async Task<int> RecallAsync(Options options)
    {
        IReadOnlyList<Race> races;
        try
        {
            races = Race.Load(options.Races!, HeldOut.Repositories);
        }
        catch (EvaluationInputException exception)
        {
            foreach (string problem in exception.Problems)
            {
                await Console.Error.WriteLineAsync("error: " + problem).ConfigureAwait(false);
            }

            return 2;
        }

        string outputFolder = options.OutputFolder ?? Path.Combine(options.Checkouts, ".guarded-recall-out");
        Directory.CreateDirectory(outputFolder);
        var outcomes = new List<RaceOutcome>();
        foreach (Race race in races)
        {
            await Console.Error.WriteLineAsync($"[{race.Number}/{races.Count}] {race.Repository} @ {race.RacyCommit[..12]} {race.File}").ConfigureAwait(false);
            RaceOutcome outcome = options.Rescore
                ? RecallRun.Reread(race, options.Checkouts, outputFolder)
                : await RecallRun.RunAsync(race, options.Checkouts, options.Mirrors, outputFolder, options.Restore, CancellationToken.None).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"    {outcome.Verdict}{(outcome.Failure is null ? string.Empty : ": " + outcome.Failure)}").ConfigureAwait(false);
            outcomes.Add(outcome);
        }

        var board = new RecallBoard(outcomes);
        board.Write(Console.Out);
        if (options.Report is not null)
        {
            await using var report = new StreamWriter(options.Report);
            board.Write(report);
        }

        return 0;
    }

    private sealed record Options(
        string Checkouts,
        string? Mirrors,
        IReadOnlyCollection<string> Only,
        bool Restore,
        string? Report,
        string? Pending,
        string EvalFolder,
        string? OutputFolder,
        bool Rescore,
        bool EveryRuleOn,
        string? Races)
    {
        public static Options? Parse(string[] args, TextWriter error)
        {
            string? checkouts = null, mirrors = null, report = null, pending = null, eval = null, output = null, races = null;
            var only = new HashSet<string>(StringComparer.Ordinal);
            bool restore = true;
            bool rescore = false;
            bool everyRuleOn = false;
            for (int i = 0; i < args.Length; i++)
            {
                string? Value()
                {
                    if (i + 1 < args.Length)
                    {
                        return args[++i];
                    }

                    error.WriteLine($"error: {args[i]} needs a value");
                    return null;
                }

                switch (args[i])
                {
                    case "--no-restore":
                        restore = false;
                        continue;
                    case "--rescore":
                        rescore = true;
                        continue;
                    case "--every-rule-on":
                        everyRuleOn = true;
                        continue;
                    case "--checkouts" or "--mirrors" or "--only" or "--report" or "--pending" or "--eval" or "--out" or "--races":
                        break;
                    default:
                        error.WriteLine($"error: unknown argument '{args[i]}'");
                        return null;
                }

                string option = args[i];
                if (Value() is not { } value)
                {
                    return null;
                }

                switch (option)
                {
                    case "--checkouts": checkouts = value; break;
                    case "--mirrors": mirrors = value; break;
                    case "--only": only.Add(value); break;
                    case "--report": report = value; break;
                    case "--pending": pending = value; break;
                    case "--eval": eval = value; break;
                    case "--races": races = value; break;
                    default: output = value; break;
                }
            }

            if (checkouts is null)
            {
                error.WriteLine("error: --checkouts DIR is required (where the code bases are, or are extracted to)");
                return null;
            }

            eval ??= FindEvalFolder();
            if (eval is null || !File.Exists(Path.Combine(eval, "codebases.tsv")))
            {
                error.WriteLine("error: eval/codebases.tsv not found; pass --eval DIR");
                return null;
            }

            if (mirrors is not null && !Directory.Exists(mirrors))
            {
                error.WriteLine($"error: --mirrors '{mirrors}' does not exist");
                return null;
            }

            Directory.CreateDirectory(checkouts);
            return new Options(Path.GetFullPath(checkouts), mirrors is null ? null : Path.GetFullPath(mirrors), only, restore, report, pending, eval, output, rescore, everyRuleOn, races);
        }

        private static string? FindEvalFolder()
        {
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                {
                    string candidate = Path.Combine(directory.FullName, "eval");
                    if (File.Exists(Path.Combine(directory.FullName, "Guarded.sln")) && Directory.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }

            return null;
        }
    }
}
