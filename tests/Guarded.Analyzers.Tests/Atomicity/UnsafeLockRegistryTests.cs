using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers.Atomicity;
using Guarded.Analyzers.Tests.Verifiers;
using Guarded.CodeFixes.Atomicity;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Atomicity.UnsafeLockRegistryAnalyzer,
    Guarded.CodeFixes.Atomicity.UnsafeLockRegistryFixer>;

namespace Guarded.Analyzers.Tests.Atomicity;

public sealed class UnsafeLockRegistryTests
{
    [Fact]
    public async Task RegistryCreatedWithCheckThenAct_ReportsAndTheFixHoldsTheRegistryLock()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class SessionGates
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, SemaphoreSlim> _locks = new Dictionary<string, SemaphoreSlim>();

                public SemaphoreSlim For(string session)
                {
                    if (!{|#0:_locks.ContainsKey(session)|})
                    {
                        {|#1:_locks[session]|} = new SemaphoreSlim(1, 1);
                    }

                    return _locks[session];
                }

                public int Count()
                {
                    lock (_gate)
                    {
                        return {|#2:_locks|}.Count;
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class SessionGates
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, SemaphoreSlim> _locks = new Dictionary<string, SemaphoreSlim>();

                public SemaphoreSlim For(string session)
                {
                    lock (_gate)
                    {
                        if (!_locks.ContainsKey(session))
                        {
                            _locks[session] = new SemaphoreSlim(1, 1);
                        }
                    }

                    return _locks[session];
                }

                public int Count()
                {
                    lock (_gate)
                    {
                        return _locks.Count;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD107").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments(
                "_locks",
                "its locks are created with ContainsKey then an indexer set outside a single guard, so two callers can get different locks for one key; use SessionLocks<TKey>, or hold one guard across both"));
    }

    [Fact]
    public async Task EntryRemovedWhileItMayBeHeld_Reports_EvenUnderTheRegistryLock()
    {
        const string source = """
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class TableLocks
            {
                private readonly ConcurrentDictionary<int, SemaphoreSlim> _locks = new ConcurrentDictionary<int, SemaphoreSlim>();

                public async Task RunAsync(int table, Task work)
                {
                    var gate = {|#1:_locks.GetOrAdd(table, _ => new SemaphoreSlim(1, 1))|};
                    await gate.WaitAsync();
                    try
                    {
                        await work;
                    }
                    finally
                    {
                        gate.Release();
                    }
                }

                public void Forget(int table)
                {
                    {|#0:_locks.TryRemove(table, out _)|};
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD107").WithLocation(0).WithLocation(1).WithArguments(
                "_locks",
                "an entry is removed with TryRemove while another caller may still hold or wait on its lock, so the next caller creates a new lock and runs alongside the holder; use SessionLocks<TKey>, which removes an entry only when nobody holds or awaits it"));
    }

    [Fact]
    public async Task ConcurrentRegistryWithRemoval_WithTheRuntime_FixRewritesItToSessionLocks()
    {
        const string source = """
            using System;
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class TableLocks
            {
                private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);

                public async Task RunAsync(string table, Func<Task> work, CancellationToken cancellationToken)
                {
                    var gate = {|#1:_locks.GetOrAdd(table, _ => new SemaphoreSlim(1, 1))|};
                    await gate.WaitAsync(cancellationToken);
                    try
                    {
                        // One order at a time per table.
                        await work();
                    }
                    finally
                    {
                        gate.Release();
                    }
                }

                public void Close(string table)
                {
                    {|#0:_locks.TryRemove(table, out _)|};
                }

                public int Tables => _locks.Count;
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Tasks;
            using Guarded;

            public sealed class TableLocks
            {
                private readonly SessionLocks<string> _locks = new SessionLocks<string>(new SessionLocksOptions<string>() { KeyComparer = StringComparer.Ordinal });

                public async Task RunAsync(string table, Func<Task> work, CancellationToken cancellationToken)
                {
                    using (await _locks.AcquireAsync(table, cancellationToken))
                    {
                        // One order at a time per table.
                        await work();
                    }
                }

                public void Close(string table)
                {
                    _locks.Sweep(TimeSpan.Zero);
                }

                public int Tables => _locks.Count;
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD107.SessionLocks",
            Verify.Diagnostic("GRD107").WithLocation(0).WithLocation(1).WithArguments(
                "_locks",
                "an entry is removed with TryRemove while another caller may still hold or wait on its lock, so the next caller creates a new lock and runs alongside the holder; use SessionLocks<TKey>, which removes an entry only when nobody holds or awaits it"));
    }

    [Fact]
    public async Task DictionaryRegistryWithIdleSweeper_WithTheRuntime_FixRewritesItToSessionLocks()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class TenantGates : IDisposable
            {
                private readonly Dictionary<string, SemaphoreSlim> _gates = new Dictionary<string, SemaphoreSlim>(StringComparer.OrdinalIgnoreCase);
                private readonly Dictionary<string, DateTimeOffset> _touched = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
                private readonly object _sync = new object();
                private readonly TimeProvider _clock;
                private readonly TimeSpan _idle;
                private readonly ITimer _evictions;

                public TenantGates(TimeSpan idle, TimeProvider clock)
                {
                    _idle = idle;
                    _clock = clock;
                    _evictions = clock.CreateTimer(_ => Evict(), null, idle, idle);
                }

                public int Tenants
                {
                    get
                    {
                        lock (_sync)
                        {
                            return _gates.Count;
                        }
                    }
                }

                public async Task WithTenantAsync(string tenant, Func<Task> work, CancellationToken ct)
                {
                    SemaphoreSlim gate = GateFor(tenant);
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        await work().ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }

                public int Evict()
                {
                    DateTimeOffset cutoff = _clock.GetUtcNow() - _idle;
                    int evicted = 0;
                    lock (_sync)
                    {
                        string[] stale = _touched.Where(t => t.Value < cutoff).Select(t => t.Key).ToArray();
                        foreach (string tenant in stale)
                        {
                            _touched.Remove(tenant);
                            if ({|#0:_gates.Remove(tenant, out SemaphoreSlim? gate)|})
                            {
                                gate.Dispose();
                                evicted++;
                            }
                        }
                    }

                    return evicted;
                }

                public void Dispose()
                {
                    _evictions.Dispose();
                    lock (_sync)
                    {
                        foreach (SemaphoreSlim gate in _gates.Values)
                        {
                            gate.Dispose();
                        }

                        _gates.Clear();
                        _touched.Clear();
                    }
                }

                private SemaphoreSlim GateFor(string tenant)
                {
                    lock (_sync)
                    {
                        if (!{|#1:_gates.TryGetValue(tenant, out SemaphoreSlim? gate)|})
                        {
                            gate = new SemaphoreSlim(1, 1);
                            _gates.Add(tenant, gate);
                        }

                        Touch(tenant);
                        return gate;
                    }
                }

                private void Touch(string tenant)
                {
                    _touched[tenant] = _clock.GetUtcNow();
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Guarded;

            public sealed class TenantGates : IDisposable
            {
                private readonly SessionLocks<string> _gates = new SessionLocks<string>(new SessionLocksOptions<string>() { KeyComparer = StringComparer.OrdinalIgnoreCase });
                private readonly ITimer _evictions;

                public TenantGates(TimeSpan idle, TimeProvider clock)
                {
                    _evictions = clock.CreateTimer(_ => Evict(), null, idle, idle);
                }

                public int Tenants
                {
                    get
                    {
                        return _gates.Count;
                    }
                }

                public async Task WithTenantAsync(string tenant, Func<Task> work, CancellationToken ct)
                {
                    using (await _gates.AcquireAsync(tenant, ct).ConfigureAwait(false))
                    {
                        await work().ConfigureAwait(false);
                    }
                }

                public int Evict()
                {
                    // SessionLocks removes only the entries that nobody holds, awaits or is about to acquire, so a sweep can no longer
                    // drop a lock in use. TimeSpan.Zero frees every such entry (its key gets a new lock on its next use); returns how many.
                    return _gates.Sweep(TimeSpan.Zero);
                }

                public void Dispose()
                {
                    _evictions.Dispose();
                    _gates.Dispose();
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD107.SessionLocks",
            Verify.Diagnostic("GRD107").WithLocation(0).WithLocation(1).WithArguments(
                "_gates",
                "an entry is removed with Remove while another caller may still hold or wait on its lock, so the next caller creates a new lock and runs alongside the holder; use SessionLocks<TKey>, which removes an entry only when nobody holds or awaits it"));
    }

    [Fact]
    public async Task DictionaryRegistryWithContainsKeyHelperAndForget_WithTheRuntime_FixAllRewritesBothRegistries()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Kitchen
            {
                private readonly Dictionary<int, SemaphoreSlim> _tables = new Dictionary<int, SemaphoreSlim>();
                private readonly Dictionary<string, SemaphoreSlim> _stations = new Dictionary<string, SemaphoreSlim>();

                public void Serve(int table, CancellationToken cancellationToken)
                {
                    var gate = TableLock(table);
                    gate.Wait(cancellationToken);
                    try
                    {
                        // One course at a time per table.
                        Plate(table);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }

                public void Cook(string station)
                {
                    var gate = StationLock(station);
                    gate.Wait();
                    try
                    {
                        Plate(0);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }

                public void Close(int table)
                {
                    {|#0:_tables.Remove(table)|};
                }

                private SemaphoreSlim TableLock(int table)
                {
                    if (!{|#1:_tables.ContainsKey(table)|})
                    {
                        {|#2:_tables[table]|} = new SemaphoreSlim(1, 1);
                    }

                    return {|#5:_tables[table]|};
                }

                private SemaphoreSlim StationLock(string station)
                {
                    if (!{|#3:_stations.ContainsKey(station)|})
                    {
                        {|#4:_stations[station]|} = new SemaphoreSlim(1);
                    }

                    return _stations[station];
                }

                private static void Plate(int table)
                {
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using Guarded;

            public sealed class Kitchen
            {
                private readonly SessionLocks<int> _tables = new SessionLocks<int>();
                private readonly SessionLocks<string> _stations = new SessionLocks<string>();

                public void Serve(int table, CancellationToken cancellationToken)
                {
                    using (_tables.Acquire(table, cancellationToken))
                    {
                        // One course at a time per table.
                        Plate(table);
                    }
                }

                public void Cook(string station)
                {
                    using (_stations.Acquire(station))
                    {
                        Plate(0);
                    }
                }

                public void Close(int table)
                {
                    _tables.Sweep(TimeSpan.Zero);
                }

                private static void Plate(int table)
                {
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD107.SessionLocks",
            Verify.Diagnostic("GRD107").WithLocation(0).WithLocation(5).WithArguments(
                "_tables",
                "an entry is removed with Remove while another caller may still hold or wait on its lock, so the next caller creates a new lock and runs alongside the holder; use SessionLocks<TKey>, which removes an entry only when nobody holds or awaits it"),
            Verify.Diagnostic("GRD107").WithLocation(1).WithLocation(2).WithArguments(
                "_tables",
                "its locks are created with ContainsKey then an indexer set outside a single guard, so two callers can get different locks for one key; use SessionLocks<TKey>, or hold one guard across both"),
            Verify.Diagnostic("GRD107").WithLocation(3).WithLocation(4).WithArguments(
                "_stations",
                "its locks are created with ContainsKey then an indexer set outside a single guard, so two callers can get different locks for one key; use SessionLocks<TKey>, or hold one guard across both"));
    }

    [Fact]
    public async Task ConcurrentRegistryWithPruningLoop_WithTheRuntime_FixMakesThePruneASweep()
    {
        const string source = """
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Threading;

            public sealed class ConnectionGates
            {
                private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _gates = new ConcurrentDictionary<Guid, SemaphoreSlim>();

                public void Send(Guid connection, Action send)
                {
                    var gate = {|#1:_gates.GetOrAdd(connection, _ => new SemaphoreSlim(1, 1))|};
                    gate.Wait();
                    try
                    {
                        send();
                    }
                    finally
                    {
                        gate.Release();
                    }
                }

                /// <summary>Forgets the gates of closed connections.</summary>
                public void Prune(IReadOnlyList<Guid> closed)
                {
                    foreach (var connection in closed)
                    {
                        if ({|#0:_gates.TryRemove(connection, out var gate)|})
                        {
                            gate.Dispose();
                        }
                    }
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Threading;
            using Guarded;

            public sealed class ConnectionGates
            {
                private readonly SessionLocks<Guid> _gates = new SessionLocks<Guid>();

                public void Send(Guid connection, Action send)
                {
                    using (_gates.Acquire(connection))
                    {
                        send();
                    }
                }

                /// <summary>Forgets the gates of closed connections.</summary>
                public void Prune(IReadOnlyList<Guid> closed)
                {
                    // SessionLocks removes only the entries that nobody holds, awaits or is about to acquire, so a sweep can no longer
                    // drop a lock in use. TimeSpan.Zero frees every such entry (its key gets a new lock on its next use).
                    _gates.Sweep(TimeSpan.Zero);
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD107.SessionLocks",
            Verify.Diagnostic("GRD107").WithLocation(0).WithLocation(1).WithArguments(
                "_gates",
                "an entry is removed with TryRemove while another caller may still hold or wait on its lock, so the next caller creates a new lock and runs alongside the holder; use SessionLocks<TKey>, which removes an entry only when nobody holds or awaits it"));
    }

    /// <summary>
    /// The registry of <see cref="DictionaryRegistryWithIdleSweeper_WithTheRuntime_FixRewritesItToSessionLocks"/> with one
    /// use the rewrite does not recognise: SessionLocks is not offered, only the guard (where there is a creation race).
    /// </summary>
    [Theory]
    [InlineData("SweeperAlsoLogs", "evicted++;", "evicted++; Console.WriteLine(tenant);")]
    [InlineData("RemovedGateKept", "gate.Dispose();", "_retired.Add(gate);")]
    [InlineData("NotAMutex", "new SemaphoreSlim(1, 1)", "new SemaphoreSlim(2, 2)")]
    [InlineData("HelperDoesMore", "Touch(tenant);", "Touch(tenant); Console.WriteLine(tenant);")]
    [InlineData("HelperLooksUpAnotherKey", "_gates.Add(tenant, gate);", "_gates.Add(tenant.ToUpperInvariant(), gate);")]
    [InlineData("GateEscapes", "public int Tenants", "public SemaphoreSlim Peek(string tenant) => GateFor(tenant);\n\n    public int Tenants")]
    [InlineData("CompanionReadElsewhere", "public int Tenants", "public DateTime LastSeen(string tenant) => _touched[tenant];\n\n    public int Tenants")]
    [InlineData("KeysEnumerated", "public int Tenants", "public string[] Names() => _gates.Keys.ToArray();\n\n    public int Tenants")]
    [InlineData("RemovalResultReturned", "public int Tenants", "public bool Forget(string tenant) => _gates.Remove(tenant);\n\n    public int Tenants")]
    [InlineData("ClearedOutsideDispose", "public int Tenants", "public void Reset() { lock (_sync) { _gates.Clear(); } }\n\n    public int Tenants")]
    [InlineData("GateUsedAfterRelease", "        gate.Release();\n        }\n    }", "        gate.Release();\n        }\n\n        gate.Wait(0);\n    }")]
    public async Task DictionaryRegistryWithAnUnrecognisedUse_SessionLocksIsNotOffered(string name, string find, string replaceWith)
    {
        Assert.NotEmpty(name);
        const string registry = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class TenantGates : IDisposable
            {
                private readonly Dictionary<string, SemaphoreSlim> _gates = new Dictionary<string, SemaphoreSlim>();
                private readonly Dictionary<string, DateTime> _touched = new Dictionary<string, DateTime>();
                private readonly List<SemaphoreSlim> _retired = new List<SemaphoreSlim>();
                private readonly object _sync = new object();

                public int Tenants => _gates.Count;

                public async Task WithTenantAsync(string tenant, Func<Task> work)
                {
                    SemaphoreSlim gate = GateFor(tenant);
                    await gate.WaitAsync();
                    try
                    {
                        await work();
                    }
                    finally
                    {
                        gate.Release();
                    }
                }

                public int Evict()
                {
                    int evicted = 0;
                    lock (_sync)
                    {
                        foreach (string tenant in _touched.Keys.ToList())
                        {
                            _touched.Remove(tenant);
                            if (_gates.Remove(tenant, out SemaphoreSlim? gate))
                            {
                                gate.Dispose();
                                evicted++;
                            }
                        }
                    }

                    return evicted;
                }

                public void Dispose()
                {
                    foreach (SemaphoreSlim gate in _gates.Values)
                    {
                        gate.Dispose();
                    }

                    _gates.Clear();
                }

                private SemaphoreSlim GateFor(string tenant)
                {
                    lock (_sync)
                    {
                        if (!_gates.TryGetValue(tenant, out SemaphoreSlim? gate))
                        {
                            gate = new SemaphoreSlim(1, 1);
                            _gates.Add(tenant, gate);
                        }

                        Touch(tenant);
                        return gate;
                    }
                }

                private void Touch(string tenant) => _touched[tenant] = DateTime.UtcNow;
            }
            """;

        var source = registry.Replace(find, replaceWith, StringComparison.Ordinal);
        Assert.NotEqual(registry, source);
        Assert.Contains("GRD107.SessionLocks", await OfferedFixKeysAsync(registry));
        Assert.DoesNotContain("GRD107.SessionLocks", await OfferedFixKeysAsync(source));
    }

    [Theory]
    [InlineData("GetOrAddWithoutRemoval", """
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new ConcurrentDictionary<string, SemaphoreSlim>();

        public SemaphoreSlim For(string key) => _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        """)]
    [InlineData("CreatedUnderOneLock", """
        private readonly object _gate = new object();
        private readonly Dictionary<string, SemaphoreSlim> _locks = new Dictionary<string, SemaphoreSlim>();

        public SemaphoreSlim For(string key)
        {
            lock (_gate)
            {
                if (!_locks.TryGetValue(key, out var gate))
                {
                    gate = new SemaphoreSlim(1, 1);
                    _locks[key] = gate;
                }

                return gate;
            }
        }
        """)]
    [InlineData("NotALockRegistry", """
        private readonly ConcurrentDictionary<string, int> _counts = new ConcurrentDictionary<string, int>();

        public void Forget(string key) => _counts.TryRemove(key, out _);
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Sample
            {
            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
    /// <summary>The equivalence keys of every fix offered for the GRD107 diagnostics of <paramref name="source"/> (which must compile, with Guarded.Runtime).</summary>
    private static async Task<List<string?>> OfferedFixKeysAsync(string source)
    {
        var references = await TestReferences.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        using var workspace = new AdhocWorkspace();
        var document = workspace.AddProject("Registry", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
            .WithMetadataReferences(references.Add(TestReferences.GuardedRuntime))
            .AddDocument("Registry.cs", source);
        var compilation = (await document.Project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new UnsafeLockRegistryAnalyzer())).GetAnalyzerDiagnosticsAsync();
        Assert.NotEmpty(diagnostics);

        var keys = new List<string?>();
        foreach (var diagnostic in diagnostics)
        {
            await new UnsafeLockRegistryFixer().RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => keys.Add(action.EquivalenceKey), CancellationToken.None));
        }

        return keys;
    }
}
