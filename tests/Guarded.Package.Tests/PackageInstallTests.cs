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

    /// <summary>The <c>.editorconfig</c> a team writes to turn on the rules the journeys use that are off by default.</summary>
    private const string OffByDefaultRulesOn = """
        root = true

        [*.cs]
        dotnet_diagnostic.GRD101.severity = warning
        dotnet_diagnostic.GRD105.severity = warning
        """;

    [Fact]
    public async Task InstalledPackage_ReportsGRD101WhenTurnedOn_AndBuildsForNet80AndNetStandard20()
    {
        var feed = Path.GetDirectoryName(await _packages.GuardedPackageAsync())!;
        var project = Directory.CreateTempSubdirectory("guarded-install-").FullName;
        try
        {
            WriteConsumer(project, feed, "net8.0;netstandard2.0");
            // GRD101 is off by default (docs/rules/README.md#rules-off-by-default); the consumer turns it on.
            File.WriteAllText(Path.Combine(project, ".editorconfig"), OffByDefaultRulesOn);
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
    /// <summary>
    /// The user journey in a fresh consumer: build shows the findings with their help links; <c>.editorconfig</c>
    /// raises GRD101 to an error and the build fails; <c>#pragma</c> and <c>[SuppressMessage]</c> silence it;
    /// <c>dotnet format analyzers</c> applies the package's code fixes offline; the rebuild has no GRD101 or GRD105 left.
    /// </summary>
    [Fact]
    public async Task Journey_BuildSeveritySuppressionsAndDotnetFormatFixes()
    {
        var feed = Path.GetDirectoryName(await _packages.GuardedPackageAsync())!;
        var project = Directory.CreateTempSubdirectory("guarded-journey-").FullName;
        try
        {
            WriteConsumer(project, feed, "net8.0");
            File.WriteAllText(Path.Combine(project, "Racy.cs"), JourneySources.Racy);
            File.WriteAllText(Path.Combine(project, "Suppressed.cs"), JourneySources.Suppressed);
            // GRD101 and GRD105 are off by default; the team turns them on, as docs/rules/README.md says.
            File.WriteAllText(Path.Combine(project, ".editorconfig"), OffByDefaultRulesOn);

            // 1. Build: the findings appear as warnings with the docs URL; suppressed code stays quiet.
            var (exitCode, output) = await DotnetCli.RunAsync(project, s_buildTimeout, "build", "-nodeReuse:false");
            Assert.True(exitCode == 0, output);
            Assert.True(output.Contains("Racy.cs(19,14): warning GRD101:", StringComparison.Ordinal), output);
            Assert.True(output.Contains("Racy.cs(43,13): warning GRD105:", StringComparison.Ordinal), output);
            Assert.True(output.Contains("(https://github.com/guarded-dev/guarded/blob/main/docs/rules/GRD101.md)", StringComparison.Ordinal), output);
            Assert.True(output.Contains("(https://github.com/guarded-dev/guarded/blob/main/docs/rules/GRD105.md)", StringComparison.Ordinal), output);
            Assert.False(output.Contains("Suppressed.cs(", StringComparison.Ordinal), output);

            // 2. .editorconfig raises GRD101 to an error: the build fails; the suppressions still hold.
            File.WriteAllText(Path.Combine(project, ".editorconfig"), """
                root = true

                [*.cs]
                dotnet_diagnostic.GRD101.severity = error
                dotnet_diagnostic.GRD105.severity = warning
                """);
            (exitCode, output) = await DotnetCli.RunAsync(project, s_buildTimeout, "build", "-nodeReuse:false");
            Assert.True(exitCode != 0, output);
            Assert.True(output.Contains("Racy.cs(19,14): error GRD101:", StringComparison.Ordinal), output);
            Assert.False(output.Contains("Suppressed.cs(", StringComparison.Ordinal), output);
            File.WriteAllText(Path.Combine(project, ".editorconfig"), OffByDefaultRulesOn);

            // 3. dotnet format applies the package's code fixes, offline against the restored project.
            (exitCode, output) = await DotnetCli.RunAsync(
                project, s_buildTimeout, "format", "analyzers", "Consumer.csproj", "--diagnostics", "GRD101", "GRD105", "--severity", "warn", "--no-restore", "-v", "detailed");
            Assert.True(exitCode == 0, output);
            var racy = File.ReadAllText(Path.Combine(project, "Racy.cs"));
            Assert.True(racy.Contains("lock (_sync)\n        {\n            if (!_sessions.TryGetValue(id, out var session))", StringComparison.Ordinal), output + "\n" + racy);
            Assert.True(racy.Contains("lock (_gate)\n        {\n            if (_balance >= price)", StringComparison.Ordinal), output + "\n" + racy);
            Assert.Equal(JourneySources.Suppressed, File.ReadAllText(Path.Combine(project, "Suppressed.cs")));

            // 4. Rebuild: compiles, and those findings are gone.
            (exitCode, output) = await DotnetCli.RunAsync(project, s_buildTimeout, "build", "-nodeReuse:false", "--no-restore");
            Assert.True(exitCode == 0, output);
            Assert.False(output.Contains("GRD101", StringComparison.Ordinal), output);
            Assert.False(output.Contains("GRD105", StringComparison.Ordinal), output);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    private void WriteConsumer(string project, string feed, string targetFrameworks)
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
                <TargetFrameworks>{targetFrameworks}</TargetFrameworks>
                <LangVersion>latest</LangVersion>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Guarded" Version="{_packages.Version}" />
              </ItemGroup>
            </Project>
            """);
    }
}

/// <summary>Consumer sources of the journey test; line and column numbers are asserted.</summary>
internal static class JourneySources
{
    public const string Racy = """
        using System.Collections.Generic;

        [Guarded.ThreadSafe]
        public sealed class SessionCache
        {
            private readonly object _sync = new object();
            private readonly Dictionary<string, string> _sessions = new Dictionary<string, string>();

            public void Evict(string id)
            {
                lock (_sync)
                {
                    _sessions.Remove(id);
                }
            }

            public string Get(string id)
            {
                if (!_sessions.TryGetValue(id, out var session))
                {
                    session = "session:" + id;
                    _sessions[id] = session;
                }

                return session;
            }
        }

        public sealed class Wallet
        {
            private readonly object _gate = new object();
            private decimal _balance;

            public void TopUp(decimal amount)
            {
                lock (_gate) { _balance += amount; }
            }

            public bool TryPay(decimal price)
            {
                if (_balance >= price)
                {
                    _balance -= price;
                    return true;
                }

                return false;
            }
        }

        """;

    public const string Suppressed = """
        using System.Collections.Generic;
        using System.Diagnostics.CodeAnalysis;

        [Guarded.ThreadSafe]
        public sealed class PragmaCache
        {
            private readonly object _sync = new object();
            private readonly Dictionary<string, int> _items = new Dictionary<string, int>();

            public void Clear()
            {
                lock (_sync) { _items.Clear(); }
            }

            public void Add(string key)
            {
        #pragma warning disable GRD101 // Tolerated: the caller serialises Add.
                if (!_items.ContainsKey(key))
                {
                    _items[key] = 1;
                }
        #pragma warning restore GRD101
            }
        }

        [Guarded.ThreadSafe]
        public sealed class AttributeCache
        {
            private readonly object _sync = new object();
            private readonly Dictionary<string, int> _items = new Dictionary<string, int>();

            public void Clear()
            {
                lock (_sync) { _items.Clear(); }
            }

            [SuppressMessage("Atomicity", "GRD101", Justification = "The caller serialises Add.")]
            public void Add(string key)
            {
                if (!_items.ContainsKey(key))
                {
                    _items[key] = 1;
                }
            }
        }

        """;
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
