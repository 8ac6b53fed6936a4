using System.Diagnostics;

namespace Guarded.Cli.Tests.Support;

/// <summary>A scratch copy of samples/Cafe (without bin/ and obj/) that builds on its own, outside the repository.</summary>
internal sealed class SampleCopy : IDisposable
{
    private readonly TempFolder _folder = new();

    public SampleCopy()
    {
        Copy(Repository.CafeSample, _folder.Path);

        // The repository's Directory.Build.props is not above the copy; keep the language settings the sample relies on,
        // and the repository root its Guarded.Runtime project reference starts from.
        _folder.Write("Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <LangVersion>latest</LangVersion>
                <Nullable>enable</Nullable>
                <GuardedRepositoryRoot>{Repository.Root}/</GuardedRepositoryRoot>
              </PropertyGroup>
            </Project>
            """);
    }

    public string Path => _folder.Path;

    /// <summary>Every source file's bytes, keyed by path relative to the copy.</summary>
    public Dictionary<string, byte[]> Snapshot()
    {
        return Directory.EnumerateFiles(Path, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{System.IO.Path.DirectorySeparatorChar}obj{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => System.IO.Path.GetRelativePath(Path, f), File.ReadAllBytes);
    }

    /// <summary>Builds the copy with the dotnet CLI as a child process; returns the exit code and the output.</summary>
    public async Task<(int ExitCode, string Output)> BuildAsync()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "build", "-nodeReuse:false", "-clp:NoSummary" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(n => n.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || n.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)))
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => _folder.Dispose();

    private static void Copy(string from, string to)
    {
        foreach (string directory in Directory.EnumerateDirectories(from))
        {
            string name = System.IO.Path.GetFileName(directory);
            if (name is "bin" or "obj")
            {
                continue;
            }

            string target = System.IO.Path.Combine(to, name);
            Directory.CreateDirectory(target);
            Copy(directory, target);
        }

        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        }
    }
}
