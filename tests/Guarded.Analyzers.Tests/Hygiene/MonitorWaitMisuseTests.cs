using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Hygiene.MonitorWaitMisuseAnalyzer,
    Guarded.CodeFixes.Hygiene.MonitorWaitMisuseFixer>;

namespace Guarded.Analyzers.Tests.Hygiene;

public sealed class MonitorWaitMisuseTests
{
    private const string NotInLoop = "is not in a loop that re-checks what it waits for: a wake-up does not mean the condition holds";

    private static string NotHeld(string guard) => $"is called without holding the lock on '{guard}' (it throws SynchronizationLockException)";

    [Fact]
    public async Task WaitGuardedByAnIf_ReportsAndBecomesAWhileLoop()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class JobQueue
            {
                private readonly object _gate = new object();
                private readonly Queue<string> _jobs = new Queue<string>();

                public void Add(string job)
                {
                    lock (_gate)
                    {
                        _jobs.Enqueue(job);
                        Monitor.Pulse(_gate);
                    }
                }

                public string Take()
                {
                    lock (_gate)
                    {
                        if ({|#1:_jobs.Count == 0|})
                        {
                            {|#0:Monitor.Wait(_gate)|}; // until Add pulses
                        }

                        return _jobs.Dequeue();
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class JobQueue
            {
                private readonly object _gate = new object();
                private readonly Queue<string> _jobs = new Queue<string>();

                public void Add(string job)
                {
                    lock (_gate)
                    {
                        _jobs.Enqueue(job);
                        Monitor.Pulse(_gate);
                    }
                }

                public string Take()
                {
                    lock (_gate)
                    {
                        while (_jobs.Count == 0)
                        {
                            Monitor.Wait(_gate); // until Add pulses
                        }

                        return _jobs.Dequeue();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD404").WithLocation(0).WithLocation(1).WithArguments("Monitor.Wait(_gate)", NotInLoop));
    }

    [Fact]
    public async Task TwoWaitsGuardedByIfs_FixAllMakesBothLoops()
    {
        const string source = """
            using System.Threading;

            public sealed class Gate
            {
                private readonly object _sync = new object();
                private bool _open;
                private int _permits;

                public void WaitOpen()
                {
                    lock (_sync)
                    {
                        if ({|#1:!_open|}) {|#0:Monitor.Wait(_sync)|};
                    }
                }

                public void TakePermit()
                {
                    lock (_sync)
                    {
                        if ({|#3:_permits == 0|})
                            {|#2:Monitor.Wait(_sync, Timeout.Infinite)|};
                        _permits--;
                    }
                }

                public void Open()
                {
                    lock (_sync)
                    {
                        _open = true;
                        _permits++;
                        Monitor.PulseAll(_sync);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public sealed class Gate
            {
                private readonly object _sync = new object();
                private bool _open;
                private int _permits;

                public void WaitOpen()
                {
                    lock (_sync)
                    {
                        while (!_open) Monitor.Wait(_sync);
                    }
                }

                public void TakePermit()
                {
                    lock (_sync)
                    {
                        while (_permits == 0)
                            Monitor.Wait(_sync, Timeout.Infinite);
                        _permits--;
                    }
                }

                public void Open()
                {
                    lock (_sync)
                    {
                        _open = true;
                        _permits++;
                        Monitor.PulseAll(_sync);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD404").WithLocation(0).WithLocation(1).WithArguments("Monitor.Wait(_sync)", NotInLoop),
            Verify.Diagnostic("GRD404").WithLocation(2).WithLocation(3).WithArguments("Monitor.Wait(_sync, Timeout.Infinite)", NotInLoop));
    }

    [Fact]
    public async Task PulseWithoutTheLock_ReportsAndTakesTheLock()
    {
        const string source = """
            using System.Threading;

            public sealed class Mailbox
            {
                private readonly object _gate = new object();
                private string? _message;

                public void Post(string message)
                {
                    _message = message;
                    {|#0:Monitor.PulseAll(_gate)|};
                }

                public string Receive()
                {
                    lock (_gate)
                    {
                        while (_message is null)
                        {
                            Monitor.Wait(_gate);
                        }

                        return _message;
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public sealed class Mailbox
            {
                private readonly object _gate = new object();
                private string? _message;

                public void Post(string message)
                {
                    _message = message;
                    lock (_gate)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }

                public string Receive()
                {
                    lock (_gate)
                    {
                        while (_message is null)
                        {
                            Monitor.Wait(_gate);
                        }

                        return _message;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD404").WithLocation(0).WithArguments("Monitor.PulseAll(_gate)", NotHeld("_gate")));
    }

    [Fact]
    public async Task PrivateHelperCalledWithoutTheLock_ReportsAtTheHelperAndPointsAtTheCall()
    {
        const string source = """
            using System.Threading;

            public sealed class Latch
            {
                private readonly object _gate = new object();
                private bool _set;

                public void Set()
                {
                    _set = true;
                    {|#1:WakeAll()|};
                }

                public void Reset()
                {
                    lock (_gate)
                    {
                        _set = false;
                        WakeAll();
                    }
                }

                public void Wait()
                {
                    lock (_gate)
                    {
                        while (!_set)
                        {
                            Monitor.Wait(_gate);
                        }
                    }
                }

                private void WakeAll()
                {
                    {|#0:Monitor.PulseAll(_gate)|};
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public sealed class Latch
            {
                private readonly object _gate = new object();
                private bool _set;

                public void Set()
                {
                    _set = true;
                    WakeAll();
                }

                public void Reset()
                {
                    lock (_gate)
                    {
                        _set = false;
                        WakeAll();
                    }
                }

                public void Wait()
                {
                    lock (_gate)
                    {
                        while (!_set)
                        {
                            Monitor.Wait(_gate);
                        }
                    }
                }

                private void WakeAll()
                {
                    lock (_gate)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD404").WithLocation(0).WithLocation(1).WithArguments("Monitor.PulseAll(_gate)", NotHeld("_gate")));
    }

    [Fact]
    public async Task WaitOnAnotherObjectThanTheLock_ReportsWithoutAFix()
    {
        const string source = """
            using System.Threading;

            public sealed class Printer
            {
                private readonly object _queueLock = new object();
                private readonly object _paperLock = new object();
                private int _sheets;

                public void Print()
                {
                    lock (_queueLock)
                    {
                        while (_sheets == 0)
                        {
                            {|#0:Monitor.Wait(_paperLock)|};
                        }

                        _sheets--;
                    }
                }

                public void Refill(int sheets)
                {
                    lock (_paperLock)
                    {
                        _sheets += sheets;
                        Monitor.PulseAll(_paperLock);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD404").WithLocation(0).WithArguments("Monitor.Wait(_paperLock)", NotHeld("_paperLock")));
    }

    [Fact]
    public async Task PulseInALambdaRunByTheThreadPool_Reports()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Ticker
            {
                private readonly object _gate = new object();

                public Task StartAsync() => Task.Run(() =>
                {
                    Thread.Sleep(10);
                    {|#0:Monitor.Pulse(_gate)|};
                });
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD404").WithLocation(0).WithArguments("Monitor.Pulse(_gate)", NotHeld("_gate")));
    }

    [Theory]
    [InlineData("WaitInAWhileLoop", """
        public void Take()
        {
            lock (_gate)
            {
                while (!_ready)
                {
                    Monitor.Wait(_gate);
                }
            }
        }
        """)]
    [InlineData("WaitInADoLoopUnderMonitorEnter", """
        public void Take()
        {
            Monitor.Enter(_gate);
            try
            {
                do
                {
                    Monitor.Wait(_gate);
                }
                while (!_ready);
            }
            finally
            {
                Monitor.Exit(_gate);
            }
        }
        """)]
    [InlineData("LoopOutsideTheLockReChecksEachTurn", """
        public void Run()
        {
            while (!_stopped)
            {
                lock (_gate)
                {
                    if (!_ready)
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }
        }
        """)]
    [InlineData("TimedWaitGuardedByAnIf", """
        public bool WaitReady()
        {
            lock (_gate)
            {
                if (!_ready)
                {
                    Monitor.Wait(_gate, 500);
                }

                return _ready;
            }
        }
        """)]
    [InlineData("UnconditionalHandshakeWait", """
        public void StartAndWait(Thread worker)
        {
            lock (_gate)
            {
                worker.Start();
                Monitor.Wait(_gate);
            }
        }
        """)]
    [InlineData("SynchronizedMethodWaitsOnThis", """
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.Synchronized)]
        public void Take()
        {
            while (!_ready)
            {
                Monitor.Wait(this);
            }
        }
        """)]
    [InlineData("PrivateHelperOnlyCalledUnderTheLock", """
        public void Signal()
        {
            lock (_gate)
            {
                _ready = true;
                WakeOne();
            }
        }

        private void WakeOne() => Monitor.Pulse(_gate);
        """)]
    [InlineData("HelperOfAHelperCalledUnderTheLock", """
        public void Signal()
        {
            lock (_gate)
            {
                MarkReady();
            }
        }

        private void MarkReady()
        {
            _ready = true;
            WakeOne();
        }

        private void WakeOne() => Monitor.Pulse(_gate);
        """)]
    [InlineData("NameSaysTheCallerHoldsTheLock", """
        public void SignalLocked()
        {
            _ready = true;
            Monitor.PulseAll(_gate);
        }
        """)]
    [InlineData("HelperAssertsTheLockIsHeld", """
        internal void Signal()
        {
            System.Diagnostics.Debug.Assert(Monitor.IsEntered(_gate));
            Monitor.PulseAll(_gate);
        }
        """)]
    [InlineData("LockObjectIsAParameter", """
        public static void WakeAll(object gate) => Monitor.PulseAll(gate);
        """)]
    [InlineData("LambdaRunInPlaceUnderTheLock", """
        public void SignalAll(System.Collections.Generic.List<int> items)
        {
            lock (_gate)
            {
                items.ForEach(_ => Monitor.Pulse(_gate));
            }
        }
        """)]
    [InlineData("LockOnAPropertyThatMayBeTheSameObject", """
        private object SyncRoot => _gate;

        public void Signal()
        {
            lock (SyncRoot)
            {
                Monitor.Pulse(_gate);
            }
        }
        """)]
    [InlineData("HelperUsedAsADelegate", """
        public void Subscribe(System.Action<System.Action> register) => register(WakeOne);

        private void WakeOne() => Monitor.Pulse(_gate);
        """)]
    [InlineData("PublicLockObjectOtherCodeCanHold", """
        public readonly object SyncRoot = new object();

        public void Signal() => Monitor.Pulse(SyncRoot);
        """)]
    public async Task CorrectMonitorUse_NoDiagnostic(string name, string members)
    {
        _ = name;
        var source = $$"""
            using System.Threading;

            public sealed class Beacon
            {
                private readonly object _gate = new object();
                private bool _ready;
                private bool _stopped;

            {{members}}

                public void Stop() => _stopped = _ready;
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
