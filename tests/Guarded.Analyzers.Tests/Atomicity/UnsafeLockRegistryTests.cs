using System.Threading.Tasks;
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
}
