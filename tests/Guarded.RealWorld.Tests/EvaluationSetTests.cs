using System.Reflection;
using Guarded.RealWorld;

namespace Guarded.RealWorld.Tests;

/// <summary>The committed evaluation set: well-formed facts, varied enough, and nothing from the held-out list.</summary>
public sealed class EvaluationSetTests
{
    /// <summary>Kept for independent evaluation (the precision issue): never part of this set.</summary>
    private static readonly string[] HeldOut =
    [
        "DapperLib/Dapper", "App-vNext/Polly", "NLog/NLog", "serilog/serilog", "StackExchange/StackExchange.Redis",
        "quartznet/quartznet", "henkmollema/Dommel", "zapadi/vies-dotnet", "jeffijoe/messageformat.net",
        "thepirat000/Audit.NET", "RicoSuter/NJsonSchema", "Humanizr/Humanizer", "aaubry/YamlDotNet", "JoshClose/CsvHelper",
        "aloneguid/parquet-dotnet", "opentap/opentap", "couchbase/couchbase-net-client", "apereo/dotnet-cas-client", "tallesl/net-L",
    ];

    private static string EvalFolder { get; } = Path.Combine(
        typeof(EvaluationSetTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "eval");

    [Fact]
    public void Codebases_AreWellFormed_AtLeastTwelve_OfSeveralKinds_NoneHeldOut()
    {
        IReadOnlyList<Codebase> codebases = Codebase.Load(Path.Combine(EvalFolder, "codebases.tsv"));

        Assert.True(codebases.Count >= 12, $"{codebases.Count} code bases");
        Assert.True(codebases.Select(c => c.Kind.Split(' ')[0]).Distinct().Count() >= 6, "fewer than 6 kinds of code base");
        Assert.Equal(codebases.Count, codebases.Select(c => c.Repository).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Empty(codebases.Select(c => c.Repository).Intersect(HeldOut, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Labels_AreWellFormedFacts_OfListedCodebases()
    {
        IReadOnlyList<Codebase> codebases = Codebase.Load(Path.Combine(EvalFolder, "codebases.tsv"));

        IReadOnlyList<Label> labels = Label.LoadAll(Path.Combine(EvalFolder, "labels"), codebases);

        Assert.NotEmpty(labels);
        Assert.All(labels, label => Assert.False(string.IsNullOrWhiteSpace(label.Reason)));
    }
}
