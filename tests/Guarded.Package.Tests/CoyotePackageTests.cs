using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Guarded.Package.Tests;

/// <summary>
/// The "Prove it in CI" journey on a fresh machine: a library and its test project that references only
/// Guarded.Coyote (from a local folder feed), restored into an empty NuGet package folder. The first
/// <c>dotnet test</c> must fetch the rewriter, rewrite both assemblies and find the race with its seed and trace;
/// the trace replays; after the fix the same command passes.
/// </summary>
public sealed class CoyotePackageTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task FreshProject_FirstDotnetTestRewritesAndFindsTheRace_TraceReplays_FixPasses()
    {
        var root = typeof(CoyotePackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var work = Directory.CreateTempSubdirectory("guarded-coyote-user-").FullName;
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
            var version = $"0.1.0-ci.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
            var (exitCode, output) = await DotnetCli.RunAsync(
                root, s_timeout, "pack", Path.Combine(root, "src", "Coyote", "Guarded.Coyote.csproj"), "-c", "Release", "-o", feed, $"-p:Version={version}", "-nodeReuse:false");
            Assert.True(exitCode == 0, output);

            var app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
            WriteUserSolution(app, feed, version);
            // A NuGet package folder of its own: nothing restored before, as on a fresh CI machine.
            var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages") };

            // 1. The first `dotnet test`: the rewriter is fetched, both assemblies are rewritten, Coyote finds the race.
            (exitCode, output) = await DotnetCli.RunAsync(app, s_timeout, environment, "test", "Wallet.Tests", "-nodeReuse:false");
            Assert.True(exitCode != 0, output);
            Assert.True(output.Contains("Wallet.Tests: downloading Microsoft.Coyote.Tool 1.7.11", StringComparison.Ordinal), output);
            Assert.True(output.Contains("Wallet.Tests -> rewritten by Coyote 1.7.11: Wallet.Tests.dll, Wallet.dll", StringComparison.Ordinal), output);
            Assert.True(output.Contains("Coyote found a bug in WalletTests.TwoPaymentsFromCreditForOne.", StringComparison.Ordinal), output);
            Assert.True(output.Contains("Bug report: Wallet overdrawn: balance -3", StringComparison.Ordinal), output);
            var seed = Regex.Match(output, @"Seed: (\d+) \(rerun with GUARDED_COYOTE_SEED=\1\)");
            Assert.True(seed.Success, output);
            var trace = Regex.Match(output, @"Replay: GUARDED_COYOTE_REPLAY=(\S+\.trace) dotnet test").Groups[1].Value;
            Assert.True(File.Exists(trace), output);

            // 2. The saved trace replays the same interleaving, once.
            environment["GUARDED_COYOTE_REPLAY"] = trace;
            (exitCode, output) = await DotnetCli.RunAsync(app, s_timeout, environment, "test", "Wallet.Tests", "--no-build");
            environment.Remove("GUARDED_COYOTE_REPLAY");
            Assert.True(exitCode != 0, output);
            Assert.True(output.Contains($"Replayed trace: {trace}.", StringComparison.Ordinal), output);
            Assert.True(output.Contains("iterations: 1; explored paths: 1.", StringComparison.Ordinal), output);
            Assert.True(output.Contains("Bug report: Wallet overdrawn: balance -3", StringComparison.Ordinal), output);

            // 3. With the check and the debit under the lock, the same command passes.
            var wallet = Path.Combine(app, "Wallet", "Wallet.cs");
            File.WriteAllText(wallet, File.ReadAllText(wallet).Replace(RacyTryPay, LockedTryPay, StringComparison.Ordinal));
            (exitCode, output) = await DotnetCli.RunAsync(app, s_timeout, environment, "test", "Wallet.Tests", "-nodeReuse:false");
            Assert.True(exitCode == 0, output);
            Assert.True(output.Contains("Passed!  - Failed:     0, Passed:     1", StringComparison.Ordinal), output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private const string RacyTryPay = """
            if (_balance >= price)
            {
                _balance -= price;
                return true;
            }

            return false;
        """;

    private const string LockedTryPay = """
            lock (_gate)
            {
                if (_balance >= price)
                {
                    _balance -= price;
                    return true;
                }

                return false;
            }
        """;

    private static void WriteUserSolution(string app, string feed, string version)
    {
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        Directory.CreateDirectory(Path.Combine(app, "Wallet"));
        File.WriteAllText(Path.Combine(app, "Wallet", "Wallet.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Wallet", "Wallet.cs"), $$"""
            public sealed class Wallet
            {
                private readonly object _gate = new object();
                private decimal _balance;

                public decimal Balance { get { lock (_gate) { return _balance; } } }

                public void TopUp(decimal amount) { lock (_gate) { _balance += amount; } }

                public bool TryPay(decimal price)
                {
            {{RacyTryPay}}
                }
            }
            """);

        // The documented setup: one PackageReference. Nothing else about Coyote.
        Directory.CreateDirectory(Path.Combine(app, "Wallet.Tests"));
        File.WriteAllText(Path.Combine(app, "Wallet.Tests", "Wallet.Tests.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                <PackageReference Include="Guarded.Coyote" Version="{version}" />
              </ItemGroup>
              <ItemGroup>
                <ProjectReference Include="..\Wallet\Wallet.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Wallet.Tests", "WalletTests.cs"), """
            using System.Threading.Tasks;
            using Guarded.Coyote;
            using Microsoft.Coyote.Specifications;
            using Xunit;

            [assembly: CollectionBehavior(DisableTestParallelization = true)]

            public class WalletTests
            {
                [Fact]
                public void TwoPaymentsFromCreditForOne() => SystematicTest.Run(async () =>
                {
                    var wallet = new Wallet();
                    wallet.TopUp(5m);
                    var a = Task.Run(() => wallet.TryPay(4m));
                    var b = Task.Run(() => wallet.TryPay(4m));
                    await Task.WhenAll(new[] { a, b });
                    Specification.Assert(wallet.Balance >= 0m, "Wallet overdrawn: balance {0}", wallet.Balance);
                }, new SystematicTestOptions { InterleaveFieldAccesses = true });
            }
            """);
    }
}
