using Guarded.Cli.Loading;
using Guarded.Cli.Tests.Support;

namespace Guarded.Cli.Tests;

/// <summary>Projects and solutions through MSBuildWorkspace.</summary>
[Collection(MSBuildCollection.Name)]
public sealed class ProjectModeTests
{
    private const string LibraryProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
        </Project>
        """;

    [Fact]
    public async Task Csproj_WithRacyCodeAndACompileError_IsAnalysedAndReportsGrd101()
    {
        using var temp = new TempFolder();
        string project = temp.Write("Scratch.csproj", LibraryProject);
        temp.Write("RacyCache.cs", Sources.RacyCache);
        temp.Write("Broken.cs", Sources.Broken);

        // GRD101 is off by default; naming it runs it.
        CliResult result = await CliRunner.RunAsync(null, ["check", project, "--rule", "GRD101"], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("RacyCache.cs:18:14: warning GRD101:", result.Output);
        Assert.Contains("compile error(s) in project Scratch, the first: ", result.Error);
        Assert.Matches(@"the first: \S*Broken\.cs\(\d+,\d+\): error CS\d{4}", result.Error);
    }

    [Fact]
    public async Task Csproj_ChecksAndFixesOnlyItself_NotTheProjectsItReferences()
    {
        using var temp = new TempFolder();
        temp.Write("Lib/Lib.csproj", LibraryProject);
        temp.Write("Lib/LibCache.cs", Sources.RacyCache.Replace("class RacyCache", "class LibCache", StringComparison.Ordinal));
        string app = temp.Write("App/App.csproj", LibraryProject.Replace("</Project>", """
              <ItemGroup>
                <ProjectReference Include="../Lib/Lib.csproj" />
              </ItemGroup>
            </Project>
            """, StringComparison.Ordinal));
        temp.Write("App/RacyCache.cs", Sources.RacyCache);

        CliResult check = await CliRunner.RunAsync(null, ["check", app, "--rule", "GRD101"], workingDirectory: temp.Path);
        CliResult fix = await CliRunner.RunAsync(null, ["fix", app, "--dry-run", "--rule", "GRD101"], workingDirectory: temp.Path);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("RacyCache.cs:18:14: warning GRD101:", check.Output);
        Assert.DoesNotContain("LibCache.cs", check.Output);
        Assert.True(fix.ExitCode == 0, fix.ToString());
        Assert.Contains("App/RacyCache.cs", fix.Output);
        Assert.DoesNotContain("LibCache.cs", fix.Output);
    }

    [Fact]
    public async Task Csproj_HonoursTheProjectsEditorConfigSeverities()
    {
        using var temp = new TempFolder();
        string project = temp.Write("Scratch.csproj", LibraryProject);
        temp.Write("RacyCache.cs", Sources.RacyCache);
        temp.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.TST001.severity = error\n");

        CliResult result = await CliRunner.RunAsync([new ContainsKeyTestAnalyzer()], ["check", project], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("RacyCache.cs:18:21: error TST001:", result.Output);
    }

    [Fact]
    public async Task Slnx_LoadsItsProjects()
    {
        using var temp = new TempFolder();
        temp.Write("src/Scratch/Scratch.csproj", LibraryProject);
        temp.Write("src/Scratch/Code.cs", "namespace Scratch; public static class Code { public static bool Has(Dictionary<string, int> d) => d.ContainsKey(\"a\"); }");
        temp.Write("Scratch.slnx", """
            <Solution>
              <Project Path="src/Scratch/Scratch.csproj" />
            </Solution>
            """);

        CliResult result = await CliRunner.RunAsync([new ContainsKeyTestAnalyzer()], ["check", temp.Path], workingDirectory: temp.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{Path.Combine("src", "Scratch", "Code.cs")}:1:", result.Output);
        Assert.Contains("1 project", result.Output);
    }

    [Fact]
    public async Task MalformedProject_IsBadInputWithTheWorkspaceDiagnostics()
    {
        using var temp = new TempFolder();
        string project = temp.Write("Broken.csproj", "<Project><PropertyGroup>");

        CliResult result = await CliRunner.RunAsync(null, ["check", project], workingDirectory: temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"cannot load '{project}'", result.Error);
        Assert.Contains("failure:", result.Error);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public void Resolver_FolderWithOneProject_LoadsTheProject()
    {
        using var temp = new TempFolder();
        string project = temp.Write("One.csproj", LibraryProject);
        temp.Write("Code.cs", "class C { }");

        AnalysisTarget target = TargetResolver.Resolve(temp.Path);

        Assert.Equal(TargetKind.Project, target.Kind);
        Assert.Equal(project, target.Path);
    }

    [Fact]
    public void Resolver_FolderWithTwoProjects_FallsBackToTheFiles()
    {
        using var temp = new TempFolder();
        temp.Write("One.csproj", LibraryProject);
        temp.Write("Two.csproj", LibraryProject);

        AnalysisTarget target = TargetResolver.Resolve(temp.Path);

        Assert.Equal(TargetKind.Folder, target.Kind);
        Assert.NotNull(target.Note);
    }

    [Fact]
    public void Resolver_FolderWithASolutionAndAProject_LoadsTheSolution()
    {
        using var temp = new TempFolder();
        temp.Write("One.csproj", LibraryProject);
        string solution = temp.Write("One.sln", string.Empty);

        AnalysisTarget target = TargetResolver.Resolve(temp.Path);

        Assert.Equal(TargetKind.Solution, target.Kind);
        Assert.Equal(solution, target.Path);
    }

    [Fact]
    public async Task MultiTargetingProject_IsAnalysedOnceForItsNewestNet_OrForTheFrameworkNamed()
    {
        using var temp = new TempFolder();
        string project = temp.Write("Multi.csproj", LibraryProject.Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net8.0;net10.0</TargetFrameworks>", StringComparison.Ordinal));
        temp.Write("RacyCache.cs", Sources.RacyCache);

        CliResult byDefault = await CliRunner.RunAsync(null, ["check", project, "--rule", "GRD101"], workingDirectory: temp.Path);
        CliResult named = await CliRunner.RunAsync(null, ["check", project, "--rule", "GRD101", "--framework", "net8.0"], workingDirectory: temp.Path);
        CliResult missing = await CliRunner.RunAsync(null, ["check", project, "--framework", "net6.0"], workingDirectory: temp.Path);

        Assert.True(byDefault.ExitCode == 0, byDefault.ToString());
        Assert.Contains("note: Multi.csproj targets ", byDefault.Error);
        Assert.Contains("analysing net10.0 (choose another with --framework)", byDefault.Error);
        Assert.Contains("1 finding: 0 errors, 1 warning, 0 info, in 1 file, 1 project.", byDefault.Output);
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.DoesNotContain("note: Multi.csproj targets", named.Error);
        Assert.Contains("1 project.", named.Output);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Multi.csproj does not target 'net6.0'", missing.Error);
    }

    [Theory]
    [InlineData("net10.0", "netstandard2.0;net8.0;net10.0;net462")]
    [InlineData("netstandard2.1", "net472;netstandard2.0;netstandard2.1")]
    [InlineData("net48", "net462;net48")]
    [InlineData("net8.0-windows", "net8.0-windows;netstandard2.0")]
    [InlineData("uap10.0", "uap10.0")]
    public void DefaultFramework_PrefersTheNewestNet_ThenNetStandard_ThenNetFramework(string expected, string frameworks)
    {
        Assert.Equal(expected, TargetFrameworks.PickDefault(frameworks.Split(';')));
    }
}
