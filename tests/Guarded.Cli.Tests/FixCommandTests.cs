using System.Text;
using Guarded.Cli.Fixing;
using Guarded.Cli.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Cli.Tests;

/// <summary><c>guarded fix</c> end to end: on a copy of samples/Cafe (MSBuild) and on ad-hoc folders.</summary>
[Collection(MSBuildCollection.Name)]
public sealed class FixCommandTests
{
    /// <summary>What the Cafe sample keeps after every fix: findings no Guarded code fix offers an action for.</summary>
    [Fact]
    public async Task DryRun_OnCafeCopy_PrintsAUnifiedDiffAndWritesNothing()
    {
        using var copy = new SampleCopy();
        Dictionary<string, byte[]> before = copy.Snapshot();

        CliResult result = await CliRunner.RunAsync(null, ["fix", copy.Path, "--dry-run"], workingDirectory: copy.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--- a/Workflows/WorkflowSessionCache.cs\n+++ b/Workflows/WorkflowSessionCache.cs\n@@ -", result.Output);
        Assert.Contains("\n+        lock (_sync)\n", result.Output);
        Assert.Contains("(dry run: nothing written)", result.Output);
        Dictionary<string, byte[]> after = copy.Snapshot();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, pair => Assert.True(pair.Value.AsSpan().SequenceEqual(after[pair.Key]), $"{pair.Key} was written by a dry run"));
    }

    [Fact]
    public async Task Fix_OnCafeCopy_LeavesNoFinding_AndStillCompiles()
    {
        using var copy = new SampleCopy();

        CliResult fix = await CliRunner.RunAsync(null, ["fix", copy.Path], workingDirectory: copy.Path);
        CliResult check = await CliRunner.RunAsync(null, ["check", copy.Path], workingDirectory: copy.Path);

        Assert.True(fix.ExitCode == 0, fix.ToString());
        Assert.Matches(@"Fixed \d+ findings \(GRD101 3, [^)]*\) in \d+ files:", fix.Output);
        string[] remaining = FindingLines(check.Output)
            .Select(l => $"{l[..l.IndexOf(':', StringComparison.Ordinal)]} {l.Split(' ')[2].TrimEnd(':')}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(remaining.Length == 0, "remaining after fix:\n" + check.Output);
        Assert.Contains("No findings remain.", fix.Output);
        Assert.DoesNotContain("GRD107    ", fix.Output); // the registry and its sweeper became a SessionLocks
        Assert.DoesNotContain("fix offered, not applied", fix.Output);

        (int exitCode, string output) = await copy.BuildAsync();
        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain(": error ", output);
    }

    [Fact]
    public async Task Fix_WithRuleGrd101_FixesOnlyGrd101()
    {
        using var copy = new SampleCopy();
        Dictionary<string, byte[]> before = copy.Snapshot();

        CliResult fix = await CliRunner.RunAsync(null, ["fix", copy.Path, "--rule", "GRD101"], workingDirectory: copy.Path);
        CliResult check = await CliRunner.RunAsync(null, ["check", copy.Path], workingDirectory: copy.Path);

        Assert.True(fix.ExitCode == 0, fix.ToString());
        Assert.Contains("Fixed 3 findings (GRD101 3) in 3 files:", fix.Output);
        Assert.Contains("No findings remain.", fix.Output);
        string[] changed = copy.Snapshot().Where(p => !p.Value.AsSpan().SequenceEqual(before[p.Key])).Select(p => p.Key.Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Payments/TabService.cs", "Rag/QueryCache.cs", "Workflows/WorkflowSessionCache.cs"], changed);
        string[] findings = FindingLines(check.Output);
        Assert.DoesNotContain(findings, l => l.Contains(" GRD101:", StringComparison.Ordinal));
        Assert.Contains(findings, l => l.Contains(" GRD303:", StringComparison.Ordinal));
        Assert.Contains(findings, l => l.Contains(" GRD202:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fix_BadPath_ExitsWith2()
    {
        CliResult result = await CliRunner.RunAsync("fix", Path.Combine(Path.GetTempPath(), "guarded-no-such-folder", "App.csproj"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("does not exist", result.Error);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Fix_UnknownRule_ExitsWith2()
    {
        CliResult result = await CliRunner.RunAsync("fix", Repository.CafeSample, "--rule", "GRD999");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("unknown rule GRD999", result.Error);
    }

    [Fact]
    public async Task Fix_Folder_KeepsCrlfLineBreaksAndTheByteOrderMark()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "RacyCache.cs");
        File.WriteAllText(path, Sources.RacyCache.ReplaceLineEndings("\r\n") + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        CliResult result = await CliRunner.RunAsync(null, ["fix", temp.Path, "--rule", "GRD101"], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]), "the BOM was lost");
        string text = Encoding.UTF8.GetString(bytes.AsSpan(3));
        Assert.Contains("lock (_gate)\r\n        {\r\n            if (!_items.ContainsKey(key))", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        Assert.Contains("--- a/RacyCache.cs\n+++ b/RacyCache.cs\n", result.Output);
    }

    [Fact]
    public async Task Fix_ThatThrows_WritesNothingAndExitsWith1()
    {
        using var temp = new TempFolder();
        string path = temp.Write("RacyCache.cs", Sources.RacyCache);

        CliResult result = await CliRunner.RunAsync(
            [new ContainsKeyTestAnalyzer()], ["fix", temp.Path], temp.Path, codeFixes: [new ThrowingTestFix()]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("ThrowingTestFix", result.Error);
        Assert.Equal(Sources.RacyCache, File.ReadAllText(path));
        Assert.Contains("Fixed 0 findings in 0 files.", result.Output);
        Assert.Contains("TST001    1  fix offered, not applied", result.Output);
    }

    [Fact]
    public async Task Fix_FileThatDoesNotCompile_ChangesNothingAndNamesIt_UnlessTold()
    {
        using var temp = new TempFolder();
        string broken = Sources.RacyCache.Replace("return _items[key];", "return _items[key]", StringComparison.Ordinal);
        string path = temp.Write("RacyCache.cs", broken);

        CliResult refused = await CliRunner.RunAsync(null, ["fix", temp.Path, "--rule", "GRD101"], workingDirectory: temp.Path);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("compiler errors", refused.Error);
        Assert.Contains("RacyCache.cs(", refused.Error);
        Assert.Contains("CS1002", refused.Error);
        Assert.Equal(string.Empty, refused.Output);
        Assert.Equal(broken, File.ReadAllText(path));

        CliResult forced = await CliRunner.RunAsync(null, ["fix", temp.Path, "--rule", "GRD101", "--ignore-compiler-errors"], workingDirectory: temp.Path);

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("lock (_gate)", File.ReadAllText(path));
    }

    [Fact]
    public async Task Fix_ReadOnlyFileAmongWritableOnes_WritesNone()
    {
        using var temp = new TempFolder();
        string first = temp.Write("RacyCache.cs", Sources.RacyCache);
        string secondText = Sources.RacyCache.Replace("RacyCache", "OtherRacyCache", StringComparison.Ordinal);
        string second = temp.Write("OtherRacyCache.cs", secondText);
        File.SetAttributes(second, File.GetAttributes(second) | FileAttributes.ReadOnly);
        try
        {
            CliResult result = await CliRunner.RunAsync(null, ["fix", temp.Path, "--rule", "GRD101"], workingDirectory: temp.Path);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains($"cannot write '{second}': the file is read-only", result.Error);
            Assert.Contains("nothing was written", result.Error);
            Assert.Equal(Sources.RacyCache, File.ReadAllText(first));
            Assert.Equal(secondText, File.ReadAllText(second));
        }
        finally
        {
            File.SetAttributes(second, FileAttributes.Normal);
        }
    }

    [Fact]
    public async Task Fix_WriteFailsAfterOneFile_RestoresItAndReportsBoth()
    {
        using var temp = new TempFolder();
        string first = temp.Write("A/RacyCache.cs", Sources.RacyCache);
        string secondText = Sources.RacyCache.Replace("RacyCache", "OtherRacyCache", StringComparison.Ordinal);
        string second = temp.Write("B/OtherRacyCache.cs", secondText);
        var diskFullOnSecondWrite = new FailingFixTargets(failOnWrite: 2);

        CliResult result = await CliRunner.RunAsync(null, ["fix", temp.Path, "--rule", "GRD101"], temp.Path, fixTargets: diskFullOnSecondWrite);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("No space left on device", result.Error);
        Assert.Contains("nothing was changed (1 file already written was restored)", result.Error);
        Assert.Equal(3, diskFullOnSecondWrite.Writes);
        Assert.Equal(Sources.RacyCache, File.ReadAllText(first));
        Assert.Equal(secondText, File.ReadAllText(second));
        Assert.Empty(Directory.EnumerateFiles(temp.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Fix_ListsTheFilesItChanged()
    {
        using var temp = new TempFolder();
        temp.Write("RacyCache.cs", Sources.RacyCache);
        temp.Write("Builder.cs", Sources.QuietBuilder);

        CliResult result = await CliRunner.RunAsync(null, ["fix", temp.Path, "--rule", "GRD101"], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Fixed 1 finding (GRD101 1) in 1 file:\n  RacyCache.cs\n", result.Output);
    }

    [Fact]
    public async Task Fix_Help_ListsTheOptions()
    {
        CliResult result = await CliRunner.RunAsync("fix", "--help");

        Assert.Contains("--dry-run", result.Output);
        Assert.Contains("--rule", result.Output);
        Assert.Contains("--fix", result.Output);
        Assert.Contains("--ignore-compiler-errors", result.Output);
    }

    private static string[] FindingLines(string output)
    {
        return output.Replace('\\', '/').Split('\n').Where(l => l.Contains(": warning ", StringComparison.Ordinal) || l.Contains(": error ", StringComparison.Ordinal)).ToArray();
    }

    /// <summary>The file system, except that the given write (counting from 1) fails as a full disk would.</summary>
    private sealed class FailingFixTargets(int failOnWrite) : IFixTargetFiles
    {
        private readonly FileSystemFixTargets _files = new();

        public int Writes { get; private set; }

        public byte[] Read(string path) => _files.Read(path);

        public string? WhyNotWritable(string path) => _files.WhyNotWritable(path);

        public void Replace(string path, byte[] contents)
        {
            if (++Writes == failOnWrite)
            {
                throw new IOException("No space left on device");
            }

            _files.Replace(path, contents);
        }
    }

    /// <summary>Offers an action for TST001 whose Fix All throws.</summary>
#pragma warning disable RS1016 // No Fix All provider is needed beyond the throwing one.
    private sealed class ThrowingTestFix : CodeFixProvider
#pragma warning restore RS1016
    {
        public override System.Collections.Immutable.ImmutableArray<string> FixableDiagnosticIds => [ContainsKeyTestAnalyzer.Id];

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create((_, _, _) => throw new InvalidOperationException("boom"));

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            Func<CancellationToken, Task<Document>> boom = _ => throw new InvalidOperationException("boom");
            context.RegisterCodeFix(CodeAction.Create("Throw", boom, "TST001.Throw"), context.Diagnostics);
            return Task.CompletedTask;
        }
    }
}
