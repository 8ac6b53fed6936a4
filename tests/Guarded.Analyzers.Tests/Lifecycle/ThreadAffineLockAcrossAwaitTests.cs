using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Lifecycle.ThreadAffineLockAcrossAwaitAnalyzer,
    Guarded.CodeFixes.Lifecycle.ThreadAffineLockAcrossAwaitFixer>;

namespace Guarded.Analyzers.Tests.Lifecycle;

public sealed class ThreadAffineLockAcrossAwaitTests
{
    [Fact]
    public async Task MonitorHeldAcrossAwait_ReportsAndSwitchesToASemaphoreField()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class ReceiptPrinter
            {
                // Receipts must not interleave on the printer.
                private readonly object _printLock = new object();

                public async Task PrintAsync(string text)
                {
                    {|#0:Monitor.Enter(_printLock)|};
                    try
                    {
                        {|#1:await Task.Delay(text.Length)|};
                    }
                    finally
                    {
                        Monitor.Exit(_printLock);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class ReceiptPrinter
            {
                // Receipts must not interleave on the printer.
                private readonly SemaphoreSlim _printGate = new SemaphoreSlim(1, 1);

                public async Task PrintAsync(string text)
                {
                    await _printGate.WaitAsync();
                    try
                    {
                        await Task.Delay(text.Length);
                    }
                    finally
                    {
                        _printGate.Release();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD304").WithLocation(0).WithLocation(1)
                .WithArguments("_printLock", "Monitor.Enter(_printLock)", "await Task.Delay(text.Length)"));
    }

    [Fact]
    public async Task PerKeyMonitorFromARegistry_WithTheRuntime_FixMakesTheRegistrySessionLocks()
    {
        const string source = """
            using System;
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class CartLocks
            {
                private readonly ConcurrentDictionary<string, object> _carts = new ConcurrentDictionary<string, object>();

                public async Task CheckoutAsync(string cart, Func<Task> pay)
                {
                    var gate = _carts.GetOrAdd(cart, _ => new object());
                    {|#0:Monitor.Enter(gate)|};
                    try
                    {
                        // One checkout per cart at a time.
                        {|#1:await pay()|};
                    }
                    finally
                    {
                        Monitor.Exit(gate);
                    }
                }

                public void Rename(string cart, string name)
                {
                    lock (_carts.GetOrAdd(cart, _ => new object()))
                    {
                        Console.WriteLine(cart + name);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Tasks;
            using Guarded;

            public sealed class CartLocks
            {
                private readonly SessionLocks<string> _carts = new SessionLocks<string>();

                public async Task CheckoutAsync(string cart, Func<Task> pay)
                {
                    using (await _carts.AcquireAsync(cart))
                    {
                        // One checkout per cart at a time.
                        await pay();
                    }
                }

                public void Rename(string cart, string name)
                {
                    using (_carts.Acquire(cart))
                    {
                        Console.WriteLine(cart + name);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD304.SessionLocks",
            Verify.Diagnostic("GRD304").WithLocation(0).WithLocation(1).WithArguments("gate", "Monitor.Enter(gate)", "await pay()"));
    }

    [Fact]
    public async Task PerKeyMonitorFromARegistryWithOtherUses_NoFixIsOffered()
    {
        const string source = """
            using System;
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class CartLocks
            {
                private readonly ConcurrentDictionary<string, object> _carts = new ConcurrentDictionary<string, object>();

                public async Task CheckoutAsync(string cart, Func<Task> pay)
                {
                    var gate = _carts.GetOrAdd(cart, _ => new object());
                    {|#0:Monitor.Enter(gate)|};
                    try
                    {
                        {|#1:await pay()|};
                    }
                    finally
                    {
                        Monitor.Exit(gate);
                    }
                }

                // A use SessionLocks has no equivalent for: the monitors themselves leave the type.
                public object[] Snapshot() => new System.Collections.Generic.List<object>(_carts.Values).ToArray();
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD304").WithLocation(0).WithLocation(1).WithArguments("gate", "Monitor.Enter(gate)", "await pay()"));
    }

    [Fact]
    public async Task StaticLockObjectEnteredTwice_FixAllMakesOneStaticSemaphore()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public static class Journal
            {
                private static readonly object s_sync = new object();
                private static int s_entries;

                public static async Task WriteTwiceAsync()
                {
                    {|#0:Monitor.Enter(s_sync)|};
                    try
                    {
                        s_entries++;
                        {|#1:await Task.Yield()|};
                    }
                    finally
                    {
                        Monitor.Exit(s_sync);
                    }

                    {|#2:Monitor.Enter(s_sync)|};
                    try
                    {
                        {|#3:await Task.Yield()|};
                    }
                    finally
                    {
                        Monitor.Exit(s_sync);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;

            public static class Journal
            {
                private static readonly SemaphoreSlim s_syncGate = new SemaphoreSlim(1, 1);
                private static int s_entries;

                public static async Task WriteTwiceAsync()
                {
                    await s_syncGate.WaitAsync();
                    try
                    {
                        s_entries++;
                        await Task.Yield();
                    }
                    finally
                    {
                        s_syncGate.Release();
                    }

                    await s_syncGate.WaitAsync();
                    try
                    {
                        await Task.Yield();
                    }
                    finally
                    {
                        s_syncGate.Release();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD304").WithLocation(0).WithLocation(1).WithArguments("s_sync", "Monitor.Enter(s_sync)", "await Task.Yield()"),
            Verify.Diagnostic("GRD304").WithLocation(2).WithLocation(3).WithArguments("s_sync", "Monitor.Enter(s_sync)", "await Task.Yield()"));
    }

    [Fact]
    public async Task LockObjectAlsoUsedByALockStatement_ReportsWithoutAFix()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Till
            {
                private readonly object _gate = new object();
                private int _total;

                public int Total()
                {
                    lock (_gate)
                    {
                        return _total;
                    }
                }

                public async Task AddAsync(int amount)
                {
                    {|#0:Monitor.Enter(_gate)|};
                    {|#1:await Task.Delay(amount)|};
                    _total += amount;
                    Monitor.Exit(_gate);
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD304").WithLocation(0).WithLocation(1).WithArguments("_gate", "Monitor.Enter(_gate)", "await Task.Delay(amount)"));
    }

    [Fact]
    public async Task WriteLockHeldAcrossAwait_ReportsWithoutAFix()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Catalog
            {
                private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();

                public async Task ReloadAsync()
                {
                    {|#0:_rw.EnterWriteLock()|};
                    try
                    {
                        {|#1:await Task.Delay(1)|};
                    }
                    finally
                    {
                        _rw.ExitWriteLock();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD304").WithLocation(0).WithLocation(1).WithArguments("_rw", "_rw.EnterWriteLock()", "await Task.Delay(1)"));
    }

    [Theory]
    [InlineData("AwaitAfterTheRelease", """
        public async Task RunAsync()
        {
            Monitor.Enter(_gate);
            try
            {
                _count++;
            }
            finally
            {
                Monitor.Exit(_gate);
            }

            await Task.Yield();
        }
        """)]
    [InlineData("SemaphoreAcrossAwait", """
        public async Task RunAsync()
        {
            await _semaphore.WaitAsync();
            try
            {
                await Task.Yield();
            }
            finally
            {
                _semaphore.Release();
            }
        }
        """)]
    [InlineData("LockStatementThenAwait", """
        public async Task RunAsync()
        {
            lock (_gate)
            {
                _count++;
            }

            await Task.Yield();
        }
        """)]
    [InlineData("AwaitInALambdaCreatedUnderTheLock", """
        public void Run()
        {
            Monitor.Enter(_gate);
            try
            {
                Func<Task> later = async () => await Task.Yield();
                _ = later;
            }
            finally
            {
                Monitor.Exit(_gate);
            }
        }
        """)]
    [InlineData("ReadLockReleasedBeforeAwait", """
        public async Task<int> ReadAsync()
        {
            int value;
            _rw.EnterReadLock();
            try
            {
                value = _count;
            }
            finally
            {
                _rw.ExitReadLock();
            }

            await Task.Yield();
            return value;
        }
        """)]
    public async Task NoLockHeldAtTheAwait_NoDiagnostic(string name, string members)
    {
        _ = name;
        var source = $$"""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Worker
            {
                private readonly object _gate = new object();
                private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
                private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
                private int _count;

            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
