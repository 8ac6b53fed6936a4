using Guarded.RealWorld;

namespace Guarded.RealWorld.Tests;

public sealed class LabelTests
{
    private static readonly Codebase Sample = new("sample", "owner/sample", new string('a', 40), "src/Sample/Sample.csproj", "net8.0", "caching");

    private static readonly string Prefix = $"owner/sample\t{new string('a', 40)}\t";

    [Fact]
    public void Parse_ReadsEveryVerdict()
    {
        var problems = new List<string>();

        List<Label> labels = Label.Parse("sample.tsv", [
            Label.Header,
            Prefix + "src/A.cs\t10\tGRD201\ttrue-race\ttwo writers",
            Prefix + "src/A.cs\t11\tGRD201\tbenign-fix\tstale read of a counter",
            Prefix + "src/B.cs\t5\tGRD105\tbenign\tstatistics only",
            Prefix + "src/B.cs\t9\tGRD303\tfalse-positive\tsemaphore used as a signal",
        ], Sample, problems);

        Assert.Empty(problems);
        Assert.Equal([Verdict.TrueRace, Verdict.BenignWorthFix, Verdict.Benign, Verdict.FalsePositive], labels.Select(l => l.Verdict));
        Assert.Equal(new FindingKey("sample", "src/A.cs", 10, "GRD201"), labels[0].Key);
        Assert.Equal(Prefix + "src/A.cs\t10\tGRD201\ttrue-race\ttwo writers", labels[0].ToLine());
    }

    [Theory]
    [InlineData("src/A.cs\t10\tGRD201\tmaybe\twhy", "label 'maybe' is not one of")]
    [InlineData("src/A.cs\t10\tGRD201\tbenign\t ", "needs its one line of reasoning")]
    [InlineData("src/A.cs\tten\tGRD201\tbenign\twhy", "line 'ten' is not a positive number")]
    [InlineData("src/A.cs\t10\tCA2002\tbenign\twhy", "rule 'CA2002' is not a Guarded rule id")]
    [InlineData("/abs/A.cs\t10\tGRD201\tbenign\twhy", "must be relative to the repository root")]
    [InlineData("src/A.cs\t10\tGRD201\tbenign", "expected 7 tab-separated cells")]
    public void Parse_RejectsAMalformedRow_NamingFileAndLine(string row, string problem)
    {
        var problems = new List<string>();

        Label.Parse("sample.tsv", [Label.Header, Prefix + row], Sample, problems);

        string reported = Assert.Single(problems);
        Assert.StartsWith("sample.tsv:2: ", reported);
        Assert.Contains(problem, reported);
    }

    [Fact]
    public void Parse_RejectsAnotherCommitAndADuplicate()
    {
        var problems = new List<string>();

        Label.Parse("sample.tsv", [
            Label.Header,
            $"owner/sample\t{new string('b', 40)}\tsrc/A.cs\t1\tGRD201\tbenign\twhy",
            Prefix + "src/A.cs\t2\tGRD201\tbenign\twhy",
            Prefix + "src/A.cs\t2\tGRD201\tfalse-positive\tsecond opinion",
        ], Sample, problems);

        Assert.Equal(2, problems.Count);
        Assert.Contains("repository and commit must be those of 'sample'", problems[0]);
        Assert.Contains("already labelled on line 3", problems[1]);
    }
}
