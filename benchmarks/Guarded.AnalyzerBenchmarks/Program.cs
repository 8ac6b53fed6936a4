using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Guarded.AnalyzerBenchmarks.Generation;
using Guarded.AnalyzerBenchmarks.Measurement;
using Guarded.AnalyzerBenchmarks.Reporting;
using Guarded.Cli.Analysis;
using Guarded.Cli.Loading;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.AnalyzerBenchmarks;

/// <summary>
/// Analyzer cost vs compile time on generated code bases of several sizes and on the repository itself.
/// Usage: <c>dotnet run -c Release --project benchmarks/Guarded.AnalyzerBenchmarks -- [--sizes 25000,50000,75000,100000]
/// [--runs 7] [--warmup 1] [--seed 8] [--repo Guarded.sln | --no-repo] [--concurrent] [--output DIR]</c>.
/// Writes <c>AnalyzerPerformance-report.md</c> and <c>AnalyzerPerformance.json</c> to the output folder
/// (default <c>benchmarks/results</c>); <c>python3 benchmarks/update-readme.py</c> copies the report into the README.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            return 2;
        }

        string command = "dotnet run -c Release --project benchmarks/Guarded.AnalyzerBenchmarks --" + (args.Length == 0 ? string.Empty : " " + string.Join(" ", args));
        string loadBefore = LoadAverage();
        ImmutableArray<DiagnosticAnalyzer> analyzers = AnalyzerCatalog.LoadGuardedAnalyzers();
        var settings = new HarnessSettings(options.Warmup, options.Runs, options.Concurrent);
        void Progress(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");

        // JIT warm-up of the compiler, the driver and the analyzers on a small code base, not measured.
        GeneratedCodeBase warmup = CodeBaseGenerator.Generate(5_000, options.Seed + 1);
        await AnalyzerCostHarness.MeasureAsync("warm-up", new[] { CompilationInput.FromGenerated("Warmup", warmup) }, analyzers, new HarnessSettings(2, 0, options.Concurrent), Progress).ConfigureAwait(false);

        var generated = new List<(GeneratedCodeBase CodeBase, CostMeasurement Measurement)>();
        foreach (int size in options.Sizes)
        {
            GeneratedCodeBase codeBase = CodeBaseGenerator.Generate(size, options.Seed);
            string name = $"generated {size / 1000}k";
            Progress($"{name}: {codeBase.Files.Length} files, {codeBase.RealLines} real lines, {codeBase.PlantedTotal} planted findings");
            CostMeasurement measurement = await AnalyzerCostHarness.MeasureAsync(name, new[] { CompilationInput.FromGenerated($"Generated{size}", codeBase) }, analyzers, settings, Progress).ConfigureAwait(false);
            generated.Add((codeBase, measurement));
        }

        CostMeasurement? repository = null;
        string? repositoryDescription = null;
        if (options.Repo is not null)
        {
            string path = Path.GetFullPath(Path.Combine(RepositoryRoot, options.Repo));
            Progress($"loading {path} with MSBuildWorkspace…");
            using LoadResult load = await MSBuildLoader.LoadAsync(path, isSolution: path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase), framework: null, Progress, CancellationToken.None).ConfigureAwait(false);
            foreach (string warning in load.Warnings)
            {
                Progress(warning);
            }

            var inputs = load.Projects.Select(p => CompilationInput.FromCompilation(p.Name, p.Compilation, p.Options)).ToList();
            repositoryDescription = $"{Path.GetRelativePath(RepositoryRoot, path)}: {inputs.Count} compilations ({string.Join(", ", load.Projects.Select(p => p.Name))})";
            repository = await AnalyzerCostHarness.MeasureAsync("repository", inputs, analyzers, settings, Progress).ConfigureAwait(false);
        }

        string loadAfter = LoadAverage();
        var report = new PerformanceReport(command, options, analyzers.Length, analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().Count(), loadBefore, loadAfter, generated, repository, repositoryDescription);
        Directory.CreateDirectory(options.Output);
        string markdown = Path.Combine(options.Output, PerformanceReport.MarkdownFileName);
        string json = Path.Combine(options.Output, PerformanceReport.JsonFileName);
        await File.WriteAllTextAsync(markdown, report.ToMarkdown()).ConfigureAwait(false);
        await File.WriteAllTextAsync(json, report.ToJson()).ConfigureAwait(false);
        Console.WriteLine(report.ToMarkdown());
        Progress($"wrote {markdown} and {json}");
        return report.Problems.Count == 0 ? 0 : 1;
    }

    /// <summary>The repository root, recorded at build time.</summary>
    public static string RepositoryRoot { get; } =
        typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The 1, 5 and 15 minute load averages from <c>/proc/loadavg</c>, or "n/a".</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}

/// <summary>The command line.</summary>
public sealed record Options(IReadOnlyList<int> Sizes, int Runs, int Warmup, int Seed, string? Repo, bool Concurrent, string Output)
{
    public static Options Parse(IReadOnlyList<string> args)
    {
        var sizes = new List<int> { 25_000, 50_000, 75_000, 100_000 };
        int runs = 7;
        int warmup = 1;
        int seed = CodeBaseGenerator.DefaultSeed;
        string? repo = "Guarded.sln";
        bool concurrent = false;
        string output = Path.Combine(Program.RepositoryRoot, "benchmarks", "results");
        for (int i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--sizes":
                    sizes = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
                    break;
                case "--runs":
                    runs = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--warmup":
                    warmup = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--repo":
                    repo = Value();
                    break;
                case "--no-repo":
                    repo = null;
                    break;
                case "--concurrent":
                    concurrent = true;
                    break;
                case "--output":
                    output = Path.GetFullPath(Value());
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (runs < 1 || warmup < 0 || sizes.Count == 0 || sizes.Any(s => s <= 0))
        {
            throw new ArgumentException("--runs must be at least 1, --warmup at least 0, and every size positive");
        }

        return new Options(sizes.OrderBy(s => s).ToList(), runs, warmup, seed, repo, concurrent, output);
    }
}
