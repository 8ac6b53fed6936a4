using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Atomicity.NonAtomicReadModifyWriteAnalyzer,
    Guarded.CodeFixes.Atomicity.NonAtomicReadModifyWriteFixer>;

namespace Guarded.Analyzers.Tests.Atomicity;

public sealed class NonAtomicReadModifyWriteTests
{
    [Fact]
    public async Task IncrementAndCompoundAssignments_OnCounters_FixWithInterlocked()
    {
        const string source = """
            using System.Threading.Tasks;

            public sealed class Stats
            {
                private int _requests;
                private long _bytes;
                private int _active;
                private int _next;
                private int _served;

                public void Start() => Task.Run(() => { Record(1); NextTicket(); });

                public void Record(long size)
                {
                    {|#0:_requests++|}; // one more request
                    {|#1:_bytes += size|};
                    {|#2:_active -= 1|};
                    {|#4:_served = _served + 2|};
                }

                public int NextTicket() => {|#3:_next++|};
            }
            """;

        const string fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Stats
            {
                private int _requests;
                private long _bytes;
                private int _active;
                private int _next;
                private int _served;

                public void Start() => Task.Run(() => { Record(1); NextTicket(); });

                public void Record(long size)
                {
                    Interlocked.Increment(ref _requests); // one more request
                    Interlocked.Add(ref _bytes, size);
                    Interlocked.Add(ref _active, -1);
                    Interlocked.Add(ref _served, 2);
                }

                public int NextTicket() => Interlocked.Increment(ref _next) - 1;
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD105.Interlocked",
            Verify.Diagnostic("GRD105").WithLocation(0).WithArguments("_requests", "_requests++", "", "no guard protects '_requests' anywhere in Stats"),
            Verify.Diagnostic("GRD105").WithLocation(1).WithArguments("_bytes", "_bytes += size", "", "no guard protects '_bytes' anywhere in Stats"),
            Verify.Diagnostic("GRD105").WithLocation(2).WithArguments("_active", "_active -= 1", "", "no guard protects '_active' anywhere in Stats"),
            Verify.Diagnostic("GRD105").WithLocation(3).WithArguments("_next", "_next++", "", "no guard protects '_next' anywhere in Stats"),
            Verify.Diagnostic("GRD105").WithLocation(4).WithArguments("_served", "_served = _served + 2", "", "no guard protects '_served' anywhere in Stats"));
    }

    [Fact]
    public async Task ValidatedBalanceUpdate_ReportsTheCheck_AndFixHoldsTheLockAcrossBoth()
    {
        const string source = """
            public sealed class Tab
            {
                private readonly object _gate = new object();
                private decimal _balance;

                public void TopUp(decimal amount)
                {
                    lock (_gate)
                    {
                        {|#2:_balance|} += amount;
                    }
                }

                public bool TryPay(decimal price)
                {
                    if ({|#1:_balance >= price|})
                    {
                        {|#0:_balance -= price|};
                        return true;
                    }

                    return false;
                }
            }
            """;

        const string fixedSource = """
            public sealed class Tab
            {
                private readonly object _gate = new object();
                private decimal _balance;

                public void TopUp(decimal amount)
                {
                    lock (_gate)
                    {
                        _balance += amount;
                    }
                }

                public bool TryPay(decimal price)
                {
                    lock (_gate)
                    {
                        if (_balance >= price)
                        {
                            _balance -= price;
                            return true;
                        }
                    }

                    return false;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD105.Guard",
            Verify.Diagnostic("GRD105").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("_balance", "_balance -= price", " after checking it in '_balance >= price'", "elsewhere '_balance' is guarded by lock (_gate) (in TopUp)"));
    }

    [Fact]
    public async Task ValidatedBalanceUpdate_WithTheRuntime_FixMovesTheFieldToAVersionedLedger()
    {
        const string source = """
            public sealed class Tab
            {
                private readonly object _gate = new object();
                private decimal _balance = 10m;

                public decimal Balance
                {
                    get
                    {
                        lock (_gate)
                        {
                            return this._balance;
                        }
                    }
                }

                public void TopUp(decimal amount)
                {
                    lock (_gate)
                    {
                        {|#2:_balance|} += amount;
                    }
                }

                public bool TryPay(decimal price)
                {
                    if ({|#1:_balance >= price|})
                    {
                        {|#0:_balance -= price|};
                        return true;
                    }

                    return false;
                }
            }
            """;

        const string fixedSource = """
            using Guarded;

            public sealed class Tab
            {
                private readonly object _gate = new object();
                private readonly VersionedLedger<string, decimal> _balance = new VersionedLedger<string, decimal>(new VersionedLedgerOptions<string, decimal>() { InitialState = 10m });
                private const string BalanceKey = "balance";

                public decimal Balance
                {
                    get
                    {
                        lock (_gate)
                        {
                            return this._balance.Read(BalanceKey).State;
                        }
                    }
                }

                public void TopUp(decimal amount)
                {
                    lock (_gate)
                    {
                        _balance.Update(BalanceKey, balance => LedgerDecision<decimal>.Commit(balance + amount));
                    }
                }

                public bool TryPay(decimal price)
                {
                    if (_balance.Update(BalanceKey, balance => balance >= price ? LedgerDecision<decimal>.Commit(balance - price) : LedgerDecision<decimal>.Reject("check failed: _balance >= price")).IsCommitted)
                    {
                        return true;
                    }

                    return false;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD105.VersionedLedger",
            Verify.Diagnostic("GRD105").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("_balance", "_balance -= price", " after checking it in '_balance >= price'", "elsewhere '_balance' is guarded by lock (_gate) (in TopUp)"));
    }

    [Fact]
    public async Task CounterUpdates_WithTheRuntime_LedgerFixCommitsEveryUpdate_AndRejectsWithoutElse()
    {
        const string source = """
            using System.Threading.Tasks;

            public sealed class Seats
            {
                private int _free;

                public void Start() => Task.Run(() => Release());

                public void Release() => {|#0:_free++|};

                public void Reserve()
                {
                    if ({|#2:_free > 0|})
                        {|#1:_free--|};
                }

                public void Reset(int capacity) => {|#3:_free = _free * 0 + capacity|};
            }
            """;

        const string fixedSource = """
            using System.Threading.Tasks;
            using Guarded;

            public sealed class Seats
            {
                private readonly VersionedLedger<string, int> _free = new VersionedLedger<string, int>();
                private const string FreeKey = "free";

                public void Start() => Task.Run(() => Release());

                public void Release() => _free.Update(FreeKey, free => LedgerDecision<int>.Commit(free + 1));

                public void Reserve()
                {
                    _free.Update(FreeKey, free => free > 0 ? LedgerDecision<int>.Commit(free - 1) : LedgerDecision<int>.Reject("check failed: _free > 0"));
                }

                public void Reset(int capacity) => _free.Update(FreeKey, free => LedgerDecision<int>.Commit(free * 0 + capacity));
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD105.VersionedLedger",
            Verify.Diagnostic("GRD105").WithLocation(0).WithArguments("_free", "_free++", "", "no guard protects '_free' anywhere in Seats"),
            Verify.Diagnostic("GRD105").WithLocation(1).WithLocation(2).WithArguments("_free", "_free--", " after checking it in '_free > 0'", "no guard protects '_free' anywhere in Seats"),
            Verify.Diagnostic("GRD105").WithLocation(3).WithArguments("_free", "_free = _free * 0 + capacity", "", "no guard protects '_free' anywhere in Seats"));
    }

    [Fact]
    public async Task TwoCountersInOneMethod_FixAllGuardsBothInOnePass()
    {
        const string source = """
            using System.Threading.Tasks;

            public sealed class RequestStats
            {
                private int _requests;
                private decimal _bytes;

                public void Start(decimal size) => Task.Run(() => Record(size));

                public void Record(decimal size)
                {
                    {|#0:_requests++|};
                    {|#1:_bytes += size|};
                }
            }
            """;

        const string fixedSource = """
            using System.Threading.Tasks;

            public sealed class RequestStats
            {
                private int _requests;
                private readonly object _requestsLock = new object();
                private decimal _bytes;
                private readonly object _bytesLock = new object();

                public void Start(decimal size) => Task.Run(() => Record(size));

                public void Record(decimal size)
                {
                    lock (_requestsLock)
                    {
                        _requests++;
                    }

                    lock (_bytesLock)
                    {
                        _bytes += size;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD105.Guard",
            Verify.Diagnostic("GRD105").WithLocation(0).WithArguments("_requests", "_requests++", "", "no guard protects '_requests' anywhere in RequestStats"),
            Verify.Diagnostic("GRD105").WithLocation(1).WithArguments("_bytes", "_bytes += size", "", "no guard protects '_bytes' anywhere in RequestStats"));
    }

    [Fact]
    public async Task FieldPassedByRef_WithTheRuntime_LedgerFixIsNotOffered()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Stats
            {
                private int _hits;

                public void Start() => Task.Run(() => Hit());

                public void Hit() => {|#0:_hits++|};

                public int Drain() => Interlocked.Exchange(ref _hits, 0);
            }
            """;

        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = "GRD105.VersionedLedger",
        };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD105").WithLocation(0).WithArguments("_hits", "_hits++", "", "no guard protects '_hits' anywhere in Stats"));
        test.FixedState.ExpectedDiagnostics.AddRange(test.ExpectedDiagnostics);
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public async Task DecimalTotal_NoInterlockedOverload_FixAddsAGate()
    {
        const string source = """
            using System.Threading;

            public sealed class Till
            {
                private decimal _total;
                private int _sales;

                public void Sell(decimal amount)
                {
                    Interlocked.Increment(ref _sales);
                    {|#0:_total = _total + amount|};
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public sealed class Till
            {
                private decimal _total;
                private readonly object _totalLock = new object();
                private int _sales;

                public void Sell(decimal amount)
                {
                    Interlocked.Increment(ref _sales);
                    lock (_totalLock)
                    {
                        _total = _total + amount;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD105").WithLocation(0).WithArguments("_total", "_total = _total + amount", "", "no guard protects '_total' anywhere in Till"));
    }

    [Fact]
    public async Task SynchronizedMethodsShowConcurrencyIntent_AnUnsynchronizedIncrementIsReported()
    {
        const string source = """
            using System.Runtime.CompilerServices;

            public sealed class Visits
            {
                private int _count;

                [MethodImpl(MethodImplOptions.Synchronized)]
                public void Record() => {|#1:_count|}++;

                public void RecordFast() => {|#0:_count++|};
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD105").WithLocation(0).WithLocation(1).WithArguments("_count", "_count++", "", "elsewhere '_count' is guarded by [MethodImpl(MethodImplOptions.Synchronized)] (in Record)"));
    }

    [Theory]
    [InlineData("UnderTheLock", """
        private readonly object _gate = new object();
        private int _count;

        public void Add() { lock (_gate) { _count++; } }
        """)]
    [InlineData("AlreadyInterlocked", """
        private int _count;

        public void Add() => Interlocked.Increment(ref _count);
        """)]
    [InlineData("Constructor", """
        private readonly object _gate = new object();
        private int _count;

        public Sample(int start) { _count += start; }
        """)]
    [InlineData("Local", """
        private readonly object _gate = new object();

        public int Sum(int[] values) { var total = 0; foreach (var v in values) { total += v; } return total; }
        """)]
    [InlineData("ThreadStatic", """
        [ThreadStatic] private static int t_depth;
        private readonly object _gate = new object();

        public void Enter() => t_depth++;
        """)]
    [InlineData("NoConcurrencyIntent", """
        private int _count;

        public void Add() => _count++;
        """)]
    [InlineData("HelperCalledUnderTheLock", """
        private readonly object _gate = new object();
        private int _count;

        public void Add() { lock (_gate) { Bump(); } }

        private void Bump() => _count++;
        """)]
    [InlineData("BenignRace", """
        private readonly object _gate = new object();
        [BenignRace("An approximate hit counter for a dashboard.")]
        private int _hits;

        public void Hit() => _hits++;
        """)]
    [InlineData("PlainAssignment", """
        private readonly object _gate = new object();
        private bool _stopped;

        public void Stop() => _stopped = true;
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System;
            using System.Threading;
            using Guarded;

            public sealed class Sample
            {
            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
