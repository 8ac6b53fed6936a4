using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace Guarded.Package.Tests;

/// <summary>
/// Packs Guarded and Guarded.Runtime into a local folder feed, installs Guarded into a fresh project that targets
/// net8.0 and netstandard2.0, and checks the build reports GRD101 on a racy file and nothing breaks.
/// </summary>
public sealed class PackageInstallTests : IClassFixture<PackedPackages>
{
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(8);
    private readonly PackedPackages _packages;

    public PackageInstallTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public async Task Package_ContainsAnalyzersUnderAnalyzersDotnetCs_AndDependsOnTheRuntime()
    {
        var package = await _packages.GuardedPackageAsync();
        using var archive = ZipFile.OpenRead(package);
        var entries = archive.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("analyzers/dotnet/cs/Guarded.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/Guarded.CodeFixes.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal));

        var nuspecEntry = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var nuspecStream = nuspecEntry.Open();
        var nuspec = XDocument.Load(nuspecStream);
        var dependency = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Single(e => (string?)e.Attribute("id") == "Guarded.Runtime");
        Assert.Equal(_packages.Version, (string?)dependency.Attribute("version"));

        var analyzer = archive.GetEntry("analyzers/dotnet/cs/Guarded.Analyzers.dll")!;
        using var analyzerStream = new MemoryStream();
        using (var entryStream = analyzer.Open())
        {
            await entryStream.CopyToAsync(analyzerStream);
        }

        analyzerStream.Position = 0;
        using var peReader = new PEReader(analyzerStream);
        var metadata = peReader.GetMetadataReader();
        var references = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToList();
        Assert.Contains("Microsoft.CodeAnalysis", references);
        Assert.DoesNotContain(references, r => r.Contains("Workspaces", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InstalledPackage_ReportsGRD101_AndBuildsForNet80AndNetStandard20()
    {
        var feed = Path.GetDirectoryName(await _packages.GuardedPackageAsync())!;
        var project = Directory.CreateTempSubdirectory("guarded-install-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFrameworks>net8.0;netstandard2.0</TargetFrameworks>
                    <LangVersion>latest</LangVersion>
                    <NoWarn>$(NoWarn);NU1603</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Guarded" Version="{_packages.Version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(project, "SessionCache.cs"), """
                using System.Collections.Generic;

                [Guarded.ThreadSafe]
                public sealed class SessionCache
                {
                    private readonly object _sync = new object();
                    private readonly Dictionary<string, string> _sessions = new Dictionary<string, string>();

                    public string Get(string id)
                    {
                        if (!_sessions.TryGetValue(id, out var session))
                        {
                            session = "session:" + id;
                            _sessions[id] = session;
                        }

                        return session;
                    }

                    public void Evict(string id)
                    {
                        lock (_sync)
                        {
                            _sessions.Remove(id);
                        }
                    }
                }
                """);

            var (exitCode, output) = await DotnetCli.RunAsync(project, s_buildTimeout, "build", "-nodeReuse:false");
            Assert.True(exitCode == 0, output);
            Assert.True(output.Contains("SessionCache.cs(11,14): warning GRD101: '_sessions' is checked with TryGetValue", StringComparison.Ordinal), output);
            Assert.True(output.Contains("(https://github.com/guarded-dev/guarded/blob/main/docs/rules/GRD101.md)", StringComparison.Ordinal), output);
            Assert.True(File.Exists(Path.Combine(project, "bin", "Debug", "netstandard2.0", "Consumer.dll")), output);
            Assert.True(File.Exists(Path.Combine(project, "bin", "Debug", "net8.0", "Consumer.dll")), output);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }
}

/// <summary>Packs the two packages once per test run, with a version no earlier run used (the NuGet cache keeps old ones).</summary>
public sealed class PackedPackages : IDisposable
{
    private readonly Lazy<Task<string>> _guardedPackage;
    private readonly string _feed = Directory.CreateTempSubdirectory("guarded-feed-").FullName;

    public PackedPackages()
    {
        Version = $"0.1.0-ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        _guardedPackage = new Lazy<Task<string>>(PackAsync);
    }

    public string Version { get; }

    public Task<string> GuardedPackageAsync() => _guardedPackage.Value;

    public void Dispose() => Directory.Delete(_feed, recursive: true);

    private async Task<string> PackAsync()
    {
        var root = typeof(PackedPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        foreach (var project in new[] { Path.Combine(root, "src", "Runtime", "Guarded.Runtime.csproj"), Path.Combine(root, "src", "Package", "Guarded.Package.csproj") })
        {
            var (exitCode, output) = await DotnetCli.RunAsync(root, TimeSpan.FromMinutes(8), "pack", project, "-c", "Release", "-o", _feed, $"-p:Version={Version}", "-nodeReuse:false");
            Assert.True(exitCode == 0, output);
        }

        var package = Path.Combine(_feed, $"Guarded.{Version}.nupkg");
        Assert.True(File.Exists(package), string.Join(", ", Directory.GetFiles(_feed)));
        Assert.True(File.Exists(Path.Combine(_feed, $"Guarded.Runtime.{Version}.nupkg")));
        return package;
    }
}
