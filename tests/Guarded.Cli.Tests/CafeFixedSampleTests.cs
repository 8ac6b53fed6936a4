using System.Diagnostics;
using Guarded.Cli.Tests.Support;

namespace Guarded.Cli.Tests;

/// <summary>
/// samples/Cafe.Fixed is the sample after `guarded fix` and must stay exactly that: its Coyote tests
/// (samples/Cafe.Fixed.Tests) are the proof that the fixes remove the races, so it must not drift from what the
/// command writes today, nor be touched up by hand.
/// </summary>
[Collection(MSBuildCollection.Name)]
public sealed class CafeFixedSampleTests
{
    private static string CafeFixed => Path.Combine(Repository.Root, "samples", "Cafe.Fixed");

    [Fact]
    public async Task Fix_OnCafeCopy_WritesExactlySamplesCafeFixed()
    {
        using var copy = new SampleCopy();

        CliResult fix = await CliRunner.RunAsync(null, ["fix", copy.Path], workingDirectory: copy.Path);

        Assert.True(fix.ExitCode == 0, fix.ToString());
        AssertSameSources(copy.Snapshot(), "guarded fix");
    }

    [Fact]
    public async Task DryRunDiff_AppliedToCafeCopy_GivesSamplesCafeFixed()
    {
        using var copy = new SampleCopy();

        CliResult dryRun = await CliRunner.RunAsync(null, ["fix", copy.Path, "--dry-run"], workingDirectory: copy.Path);
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        string diff = dryRun.Output[dryRun.Output.IndexOf("--- a/", StringComparison.Ordinal)..dryRun.Output.IndexOf("Would fix ", StringComparison.Ordinal)];
        string patch = Path.Combine(copy.Path, "fix.patch");
        await File.WriteAllTextAsync(patch, diff);

        (int exitCode, string output) = await RunAsync(copy.Path, "git", "apply", "--whitespace=nowarn", patch);
        File.Delete(patch);

        Assert.True(exitCode == 0, "git apply failed:\n" + output + "\n" + diff);
        AssertSameSources(copy.Snapshot(), "the applied dry-run diff");
    }

    private static void AssertSameSources(Dictionary<string, byte[]> produced, string producer)
    {
        Dictionary<string, byte[]> kept = Directory.EnumerateFiles(CafeFixed, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(CafeFixed, f), File.ReadAllBytes);

        Assert.Equal(produced.Keys.Order(StringComparer.Ordinal), kept.Keys.Order(StringComparer.Ordinal));
        foreach ((string file, byte[] bytes) in produced)
        {
            Assert.True(
                bytes.AsSpan().SequenceEqual(kept[file]),
                $"samples/Cafe.Fixed/{file} is not what {producer} writes on samples/Cafe today; regenerate samples/Cafe.Fixed as its README says.");
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
