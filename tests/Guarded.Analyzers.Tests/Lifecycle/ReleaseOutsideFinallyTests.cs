using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Lifecycle.ReleaseOutsideFinallyAnalyzer,
    Guarded.CodeFixes.Lifecycle.ReleaseOutsideFinallyFixer>;

namespace Guarded.Analyzers.Tests.Lifecycle;

public sealed class ReleaseOutsideFinallyTests
{
    [Fact]
    public async Task MonitorExitOnTheHappyPathOnly_ReportsAndBecomesALockStatement()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class TicketWriter
            {
                private readonly object _ticketLock = new object();
                private readonly List<string> _wire = new List<string>();

                public void SendTicket(string orderId, IReadOnlyList<string> lines)
                {
                    {|#1:Monitor.Enter(_ticketLock)|};
                    _wire.Add($"BEGIN {orderId}");
                    foreach (string line in lines)
                    {
                        _wire.Add(line); // one line per item
                    }

                    _wire.Add($"END {orderId}");
                    {|#0:Monitor.Exit(_ticketLock)|};
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class TicketWriter
            {
                private readonly object _ticketLock = new object();
                private readonly List<string> _wire = new List<string>();

                public void SendTicket(string orderId, IReadOnlyList<string> lines)
                {
                    lock (_ticketLock)
                    {
                        _wire.Add($"BEGIN {orderId}");
                        foreach (string line in lines)
                        {
                            _wire.Add(line); // one line per item
                        }

                        _wire.Add($"END {orderId}");
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD303").WithLocation(0).WithLocation(1)
                .WithArguments("_ticketLock", "Monitor.Enter(_ticketLock)", "Monitor.Exit(_ticketLock)"));
    }

    [Fact]
    public async Task SemaphoreReleasedAfterAwaitedWork_ReportsAndMovesTheReleaseIntoFinally()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Uploader
            {
                private readonly SemaphoreSlim _uploads = new SemaphoreSlim(4, 4);

                public async Task UploadAsync(string path, CancellationToken cancellationToken)
                {
                    // At most four uploads at a time.
                    await {|#1:_uploads.WaitAsync(cancellationToken)|};

                    var size = path.Length;
                    await Task.Delay(size, cancellationToken);
                    {|#0:_uploads.Release()|};
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Uploader
            {
                private readonly SemaphoreSlim _uploads = new SemaphoreSlim(4, 4);

                public async Task UploadAsync(string path, CancellationToken cancellationToken)
                {
                    // At most four uploads at a time.
                    await _uploads.WaitAsync(cancellationToken);

                    try
                    {
                        var size = path.Length;
                        await Task.Delay(size, cancellationToken);
                    }
                    finally
                    {
                        _uploads.Release();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD303").WithLocation(0).WithLocation(1)
                .WithArguments("_uploads", "_uploads.WaitAsync(cancellationToken)", "_uploads.Release()"));
    }

    [Fact]
    public async Task WriteLockExitedOnTheHappyPathOnly_ReportsAndMovesTheExitIntoFinally()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class PriceBook
            {
                private readonly ReaderWriterLockSlim _prices = new ReaderWriterLockSlim();
                private readonly Dictionary<string, decimal> _byItem = new Dictionary<string, decimal>();

                public void Set(string item, decimal price)
                {
                    {|#1:_prices.EnterWriteLock()|};
                    _byItem[item] = price;
                    {|#0:_prices.ExitWriteLock()|};
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class PriceBook
            {
                private readonly ReaderWriterLockSlim _prices = new ReaderWriterLockSlim();
                private readonly Dictionary<string, decimal> _byItem = new Dictionary<string, decimal>();

                public void Set(string item, decimal price)
                {
                    _prices.EnterWriteLock();
                    try
                    {
                        _byItem[item] = price;
                    }
                    finally
                    {
                        _prices.ExitWriteLock();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD303").WithLocation(0).WithLocation(1)
                .WithArguments("_prices", "_prices.EnterWriteLock()", "_prices.ExitWriteLock()"));
    }

    [Fact]
    public async Task MonitorHeldAcrossAnAwait_FixUsesTryFinallyNotALock()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Flusher
            {
                private readonly object _gate = new object();

                public async Task FlushAsync()
                {
                    {|#1:Monitor.Enter(_gate)|};
                    await Task.Yield();
                    {|#0:Monitor.Exit(_gate)|};
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Flusher
            {
                private readonly object _gate = new object();

                public async Task FlushAsync()
                {
                    Monitor.Enter(_gate);
                    try
                    {
                        await Task.Yield();
                    }
                    finally
                    {
                        Monitor.Exit(_gate);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD303").WithLocation(0).WithLocation(1)
                .WithArguments("_gate", "Monitor.Enter(_gate)", "Monitor.Exit(_gate)"));
    }

    [Fact]
    public async Task TryEnterThenReleaseInTheSameBlock_KeepsTheCheckAndWrapsTheRest()
    {
        const string source = """
            using System.Threading;

            public sealed class Poller
            {
                private readonly SemaphoreSlim _busy = new SemaphoreSlim(1, 1);
                private int _polls;

                public bool TryPoll()
                {
                    if (!{|#1:_busy.Wait(0)|})
                    {
                        return false;
                    }

                    _polls++;
                    {|#0:_busy.Release()|};
                    return true;
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public sealed class Poller
            {
                private readonly SemaphoreSlim _busy = new SemaphoreSlim(1, 1);
                private int _polls;

                public bool TryPoll()
                {
                    if (!_busy.Wait(0))
                    {
                        return false;
                    }

                    try
                    {
                        _polls++;
                    }
                    finally
                    {
                        _busy.Release();
                    }

                    return true;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD303").WithLocation(0).WithLocation(1)
                .WithArguments("_busy", "_busy.Wait(0)", "_busy.Release()"));
    }

    [Fact]
    public async Task ReleaseInABranch_ReportsWithoutAFix()
    {
        const string source = """
            using System.Threading;

            public sealed class Door
            {
                private readonly object _gate = new object();
                private int _open;

                public void Open(bool quick)
                {
                    {|#1:Monitor.Enter(_gate)|};
                    _open++;
                    if (quick)
                    {
                        {|#0:Monitor.Exit(_gate)|};
                        return;
                    }

                    _open++;
                    Monitor.Exit(_gate);
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD303").WithLocation(0).WithLocation(1)
                .WithArguments("_gate", "Monitor.Enter(_gate)", "Monitor.Exit(_gate)"));
    }

    [Fact]
    public async Task FixAll_TwoMethodsAndANestedPair_ConvergeInOnePass()
    {
        const string source = """
            using System.Threading;

            public sealed class Counters
            {
                private readonly object _outer = new object();
                private readonly SemaphoreSlim _inner = new SemaphoreSlim(1, 1);
                private int _a;
                private int _b;

                public void Both()
                {
                    {|#1:Monitor.Enter(_outer)|};
                    _a++;
                    {|#3:_inner.Wait()|};
                    _b++;
                    {|#2:_inner.Release()|};
                    {|#0:Monitor.Exit(_outer)|};
                }

                public void Second()
                {
                    {|#5:_inner.Wait()|};
                    _b--;
                    {|#4:_inner.Release()|};
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public sealed class Counters
            {
                private readonly object _outer = new object();
                private readonly SemaphoreSlim _inner = new SemaphoreSlim(1, 1);
                private int _a;
                private int _b;

                public void Both()
                {
                    lock (_outer)
                    {
                        _a++;
                        _inner.Wait();
                        try
                        {
                            _b++;
                        }
                        finally
                        {
                            _inner.Release();
                        }
                    }
                }

                public void Second()
                {
                    _inner.Wait();
                    try
                    {
                        _b--;
                    }
                    finally
                    {
                        _inner.Release();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD303").WithLocation(0).WithLocation(1).WithArguments("_outer", "Monitor.Enter(_outer)", "Monitor.Exit(_outer)"),
            Verify.Diagnostic("GRD303").WithLocation(2).WithLocation(3).WithArguments("_inner", "_inner.Wait()", "_inner.Release()"),
            Verify.Diagnostic("GRD303").WithLocation(4).WithLocation(5).WithArguments("_inner", "_inner.Wait()", "_inner.Release()"));
    }

    [Theory]
    [InlineData("LockStatement", """
        public void Run()
        {
            lock (_gate)
            {
                _count++;
            }
        }
        """)]
    [InlineData("AcquireImmediatelyBeforeTryFinally", """
        public void Run()
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
        }
        """)]
    [InlineData("EnterWithTakenFlagInsideTry", """
        public void Run()
        {
            bool taken = false;
            try
            {
                Monitor.Enter(_gate, ref taken);
                _count++;
            }
            finally
            {
                if (taken)
                {
                    Monitor.Exit(_gate);
                }
            }
        }
        """)]
    [InlineData("TimedWaitAsyncThenTryFinally", """
        public async Task RunAsync(TimeSpan timeout)
        {
            if (!await _semaphore.WaitAsync(timeout))
            {
                return;
            }

            try
            {
                await Task.Delay(1);
                _count++;
            }
            finally
            {
                _semaphore.Release();
            }
        }
        """)]
    [InlineData("AcquiredFlagCheckedBeforeTry", """
        public async Task RunAsync(TimeSpan timeout)
        {
            bool acquired = await _semaphore.WaitAsync(timeout).ConfigureAwait(false);
            if (!acquired)
            {
                return;
            }

            try
            {
                _count++;
            }
            finally
            {
                _semaphore.Release();
            }
        }
        """)]
    [InlineData("TryEnterWithTryInsideTheIf", """
        public void Run()
        {
            if (Monitor.TryEnter(_gate, 100))
            {
                try
                {
                    _count++;
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }
        }
        """)]
    [InlineData("ReadLockBeforeTryFinally", """
        public int Read()
        {
            _rw.EnterReadLock();
            try
            {
                return _count;
            }
            finally
            {
                _rw.ExitReadLock();
            }
        }
        """)]
    [InlineData("AcquireAndReleaseInDifferentMethods", """
        public void Begin() => Monitor.Enter(_gate);

        public void End() => Monitor.Exit(_gate);
        """)]
    [InlineData("TemporaryReleaseInsideAProtectedRegion", """
        public void Run()
        {
            Monitor.Enter(_gate);
            try
            {
                Monitor.Exit(_gate);
                Thread.Sleep(1);
                Monitor.Enter(_gate);
                _count++;
            }
            finally
            {
                Monitor.Exit(_gate);
            }
        }
        """)]
    [InlineData("ReleaseInALambdaOfItsOwn", """
        public void Run()
        {
            _semaphore.Wait();
            Action done = () => _semaphore.Release();
            try
            {
                _count++;
            }
            finally
            {
                done();
            }
        }
        """)]
    public async Task CorrectForms_NoDiagnostic(string name, string members)
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
