using Guarded.RealWorld;

namespace Guarded.RealWorld.Tests;

public sealed class ScoreboardTests
{
    private static readonly Codebase Alpha = new("alpha", "owner/alpha", new string('a', 40), "A.csproj", "net8.0", "caching");
    private static readonly Codebase Beta = new("beta", "owner/beta", new string('b', 40), "B.csproj", "net8.0", "logging");

    [Fact]
    public void Score_CountsVerdictsByRuleAndCodebase_AndListsLabelChanges()
    {
        CheckOutcome[] outcomes =
        [
            new(Alpha, [
                Finding(Alpha, "A.cs", 1, "GRD201"),
                Finding(Alpha, "A.cs", 2, "GRD201"),
                Finding(Alpha, "A.cs", 3, "GRD105"),
                Finding(Alpha, "A.cs", 4, "GRD105"),
                Finding(Alpha, "A.cs", 9, "AD0001"),
            ], null, TimeSpan.Zero),
            new(Beta, [], "restore failed: NU1101", TimeSpan.Zero),
        ];
        Label[] labels =
        [
            Label(Alpha, "A.cs", 1, "GRD201", Verdict.TrueRace),
            Label(Alpha, "A.cs", 2, "GRD201", Verdict.FalsePositive),
            Label(Alpha, "A.cs", 3, "GRD105", Verdict.BenignWorthFix),
            Label(Alpha, "A.cs", 7, "GRD105", Verdict.FalsePositive),
            Label(Beta, "B.cs", 1, "GRD201", Verdict.Benign),
        ];

        Scoreboard board = Scoreboard.Score(outcomes, labels, isOnByDefault: rule => rule != "GRD105");

        Tally grd201 = board.ByRule["GRD201"];
        Assert.Equal((2, 1, 1), (grd201.Findings, grd201.TrueRace, grd201.FalsePositive));
        Assert.Equal(0.5, grd201.FalsePositiveShare);
        Tally grd105 = board.ByRule["GRD105"];
        Assert.Equal((2, 1, 1), (grd105.Findings, grd105.BenignWorthFix, grd105.Unlabelled));
        Assert.Equal(1.0, grd105.WorthFixingShare);
        Assert.Equal(4, board.Total.Findings);
        Assert.Equal((2, 1), (board.DefaultRules.Findings, board.DefaultRules.FalsePositive));
        Assert.Equal(0, board.ByCodebase["beta"].Findings);
        Assert.Equal(("A.cs", 4), (Assert.Single(board.Unlabelled).File, board.Unlabelled[0].Line));
        // The label of a code base that did not run is not "gone": nothing was checked.
        Assert.Equal(7, Assert.Single(board.Gone).Line);
        Assert.Equal("AD0001", Assert.Single(board.Crashes).Rule);

        var text = new StringWriter();
        board.Write(text);
        Assert.Contains("| GRD201 | 2 | 1 | 0 | 0 | 1 | 0 | 50.0 | 50.0 |", text.ToString());
        Assert.Contains("| GRD105 (off by default) | 2 | 0 | 1 | 0 | 0 | 1 | 0.0 | 100.0 |", text.ToString());
        Assert.Contains("| **Rules on by default** | 2 | 1 | 0 | 0 | 1 | 0 | 50.0 | 50.0 |", text.ToString());
        Assert.Contains("| **All rules** | 4 | 1 | 1 | 0 | 1 | 1 | 33.3 | 66.7 |", text.ToString());
        Assert.Contains("- beta: restore failed: NU1101", text.ToString());
        Assert.Contains("- gone alpha A.cs:7 GRD105 (was false-positive)", text.ToString());
    }

    [Fact]
    public void ReadSarif_LocatesFindingsRelativeToTheRepository()
    {
        string tree = Path.Combine(Path.GetTempPath(), "guarded-eval-test-" + Guid.NewGuid().ToString("N"));
        string root = Path.Combine(tree, "src", "Lib");
        Directory.CreateDirectory(root);
        string shared = new Uri(Path.Combine(tree, "src", "Shared", "Helper.cs")).AbsoluteUri;
        string sarif = Path.Combine(tree, "out.sarif");
        File.WriteAllText(sarif, $$"""
            { "runs": [ { "results": [
              { "ruleId": "GRD201", "message": { "text": "'_d' is read" },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "Sub%20Dir/Cache.cs", "uriBaseId": "SRCROOT" },
                                                       "region": { "startLine": 12, "startColumn": 5 } } } ] },
              { "ruleId": "GRD105", "message": { "text": "'_n++'" },
                "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "{{shared}}" },
                                                       "region": { "startLine": 3 } } } ] }
            ] } ] }
            """);
        try
        {
            IReadOnlyList<RealFinding> findings = CheckRun.ReadSarif("lib", sarif, tree, root);

            Assert.Equal(new RealFinding("lib", "src/Lib/Sub Dir/Cache.cs", 12, 5, "GRD201", "'_d' is read"), findings[0]);
            Assert.Equal(("src/Shared/Helper.cs", 3, 0), (findings[1].File, findings[1].Line, findings[1].Column));
        }
        finally
        {
            Directory.Delete(tree, recursive: true);
        }
    }

    private static RealFinding Finding(Codebase codebase, string file, int line, string rule) =>
        new(codebase.Name, file, line, 1, rule, "message");

    private static Label Label(Codebase codebase, string file, int line, string rule, Verdict verdict) =>
        new(codebase.Name, codebase.Repository, codebase.Commit, file, line, rule, verdict, "reason");
}
