using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Hygiene.LockObjectCanChangeAnalyzer,
    Guarded.CodeFixes.Hygiene.LockObjectCanChangeFixer>;

namespace Guarded.Analyzers.Tests.Hygiene;

public sealed class LockObjectCanChangeTests
{
    [Fact]
    public async Task LockReplacedOnReconnect_ReportsEveryLockAndMovesThemAllToADedicatedGate()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class FeedClient
            {
                private object _sync = new object();
                private readonly List<string> _pending = new List<string>();

                public void Enqueue(string message)
                {
                    lock ({|#0:_sync|})
                    {
                        _pending.Add(message);
                    }
                }

                public string[] Drain()
                {
                    lock ({|#1:_sync|})
                    {
                        var drained = _pending.ToArray();
                        _pending.Clear();
                        return drained;
                    }
                }

                public void Reconnect()
                {
                    // A fresh connection gets a fresh lock.
                    {|#2:_sync = new object()|};
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;

            public sealed class FeedClient
            {
                private object _sync = new object();
                private readonly object _syncGate = new();
                private readonly List<string> _pending = new List<string>();

                public void Enqueue(string message)
                {
                    lock (_syncGate)
                    {
                        _pending.Add(message);
                    }
                }

                public string[] Drain()
                {
                    lock (_syncGate)
                    {
                        var drained = _pending.ToArray();
                        _pending.Clear();
                        return drained;
                    }
                }

                public void Reconnect()
                {
                    // A fresh connection gets a fresh lock.
                    _sync = new object();
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD401").WithLocation(0).WithLocation(2).WithArguments("_sync", "'Reconnect'"),
            Verify.Diagnostic("GRD401").WithLocation(1).WithLocation(2).WithArguments("_sync", "'Reconnect'"));
    }

    [Fact]
    public async Task StaticLockReplacedByEveryInstance_MonitorCallsAndTheAnnotationMoveToAStaticGate()
    {
        const string source = """
            using System.Threading;
            using Guarded;

            public sealed class AuditTrail
            {
                private static object s_lock = new object();

                [GuardedBy(nameof(s_lock))]
                private static int s_entries;

                public AuditTrail()
                {
                    {|#2:s_lock = new object()|};
                }

                public static void Record()
                {
                    Monitor.Enter({|#0:s_lock|});
                    try
                    {
                        s_entries++;
                    }
                    finally
                    {
                        Monitor.Exit(s_lock);
                    }
                }

                public static int Count()
                {
                    lock ({|#1:s_lock|})
                    {
                        return s_entries;
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;
            using Guarded;

            public sealed class AuditTrail
            {
                private static object s_lock = new object();
                private static readonly object s_gate = new();

                [GuardedBy(nameof(s_gate))]
                private static int s_entries;

                public AuditTrail()
                {
                    s_lock = new object();
                }

                public static void Record()
                {
                    Monitor.Enter(s_gate);
                    try
                    {
                        s_entries++;
                    }
                    finally
                    {
                        Monitor.Exit(s_gate);
                    }
                }

                public static int Count()
                {
                    lock (s_gate)
                    {
                        return s_entries;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD401").WithLocation(0).WithLocation(2).WithArguments("s_lock", "the constructor"),
            Verify.Diagnostic("GRD401").WithLocation(1).WithLocation(2).WithArguments("s_lock", "the constructor"));
    }

    [Fact]
    public async Task SwappedWithInterlockedAndAssignedInALambda_NamesEveryAssigner()
    {
        const string source = """
            using System;
            using System.Threading;

            public sealed class Rotor
            {
                private object _gate = new object();
                private int _turns;
                private readonly Action _reset;

                public Rotor()
                {
                    _reset = () => {|#2:_gate = new object()|};
                }

                public void Turn()
                {
                    lock ({|#0:_gate|})
                    {
                        _turns++;
                    }
                }

                public void Swap() => Interlocked.Exchange({|#1:ref _gate|}, new object());
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD401").WithLocation(0).WithLocation(2).WithLocation(1)
                .WithArguments("_gate", "each of the constructor and 'Swap'"));
    }

    [Fact]
    public async Task TwoReplacedLocks_FixAllGivesEachItsOwnGate()
    {
        const string source = """
            public sealed class Channel
            {
                private object _readLock = new object();
                private object _writeLock = new object();
                private int _reads;
                private int _writes;

                public void Read()
                {
                    lock ({|#0:_readLock|}) { _reads++; }
                }

                public void Write()
                {
                    lock ({|#1:_writeLock|}) { _writes++; }
                }

                public void Reopen()
                {
                    {|#2:_readLock = new object()|};
                    {|#3:_writeLock = new object()|};
                }
            }
            """;

        const string fixedSource = """
            public sealed class Channel
            {
                private object _readLock = new object();
                private readonly object _readGate = new();
                private object _writeLock = new object();
                private readonly object _writeGate = new();
                private int _reads;
                private int _writes;

                public void Read()
                {
                    lock (_readGate) { _reads++; }
                }

                public void Write()
                {
                    lock (_writeGate) { _writes++; }
                }

                public void Reopen()
                {
                    _readLock = new object();
                    _writeLock = new object();
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD401").WithLocation(0).WithLocation(2).WithArguments("_readLock", "'Reopen'"),
            Verify.Diagnostic("GRD401").WithLocation(1).WithLocation(3).WithArguments("_writeLock", "'Reopen'"));
    }

    [Fact]
    public async Task CreatedOnFirstUseWithoutAGuard_Reports()
    {
        const string source = """
            #nullable enable
            public sealed class Session
            {
                private object? _gate;
                private object? _stateGate;
                private int _requests;

                public void Handle()
                {
                    lock ({|#0:_gate ??= new object()|})
                    {
                        _requests++;
                    }
                }

                public void Touch()
                {
                    if (_stateGate == null)
                    {
                        {|#2:_stateGate = new object()|};
                    }

                    lock ({|#1:_stateGate|})
                    {
                        _requests--;
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD401").WithLocation(0).WithLocation(0).WithArguments("_gate", "'Handle'"),
            Verify.Diagnostic("GRD401").WithLocation(1).WithLocation(2).WithArguments("_stateGate", "'Touch'"));
    }

    [Fact]
    public async Task InternalField_ReportsWithoutAFix()
    {
        const string source = """
            public sealed class Meter
            {
                internal object Gate = new object();
                private long _ticks;

                public void Tick()
                {
                    lock ({|#0:Gate|})
                    {
                        _ticks++;
                    }
                }

                public void Reset() => {|#1:Gate = new object()|};
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD401").WithLocation(0).WithLocation(1).WithArguments("Gate", "'Reset'"));
    }

    [Fact]
    public async Task LockOfALocalCopy_ReportsWithoutAFix()
    {
        const string source = """
            public sealed class Ledger
            {
                private object _sync = new object();
                private decimal _total;

                public void Add(decimal amount)
                {
                    lock ({|#0:_sync|})
                    {
                        _total += amount;
                    }
                }

                public decimal Read()
                {
                    var sync = _sync;
                    lock (sync)
                    {
                        return _total;
                    }
                }

                public void Rebase() => {|#1:_sync = new object()|};
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD401").WithLocation(0).WithLocation(1).WithArguments("_sync", "'Rebase'"));
    }

    [Fact]
    public async Task AssignedOnlyDuringConstruction_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Runtime.Serialization;

            [Serializable]
            public sealed class Inventory
            {
                private object _gate;
                private object _other = new object();
                [NonSerialized]
                private object _restored = new object();
                private int _count;

                public Inventory()
                {
                    _gate = new object();
                    Initialize();
                }

                public Inventory(int count) : this()
                {
                    _count = count;
                }

                public object Label { get; init; } = new object();

                private void Initialize()
                {
                    _other = new object();
                }

                [OnDeserialized]
                private void OnDeserialized(StreamingContext context)
                {
                    _restored = new object();
                }

                public Inventory Copy()
                {
                    var copy = (Inventory)MemberwiseClone();
                    copy._gate = new object();
                    return copy;
                }

                public void Add()
                {
                    lock (_gate) { _count++; }
                    lock (_other) { _count++; }
                    lock (_restored) { _count++; }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task CreatedOnceOrClearedOnDispose_NoDiagnostic()
    {
        const string source = """
            #nullable enable
            using System;
            using System.Threading;

            public sealed class Pool : IDisposable
            {
                private readonly object _creation = new object();
                private object? _published;
                private object? _ensured;
                private object? _checked;
                private int _size;

                private object Published
                {
                    get
                    {
                        if (_published == null)
                        {
                            Interlocked.CompareExchange(ref _published, new object(), null);
                        }

                        return _published;
                    }
                }

                public void Grow()
                {
                    lock (Published) { _size++; }
                    lock (LazyInitializer.EnsureInitialized(ref _ensured)) { _size++; }
                    lock (_published!) { _size++; }
                    lock (_ensured!) { _size++; }
                }

                public void Shrink()
                {
                    if (_checked == null)
                    {
                        lock (_creation)
                        {
                            if (_checked == null)
                            {
                                _checked = new object();
                            }
                        }
                    }

                    lock (_checked) { _size--; }
                }

                public void Dispose()
                {
                    _published = null;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ReplacedAndLockedOnlyUnderAnotherFixedGuard_NoDiagnostic()
    {
        const string source = """
            public sealed class Shard
            {
                private readonly object _table = new object();
                private object _bucket = new object();
                private int _items;

                public void Add()
                {
                    lock (_table)
                    {
                        lock (_bucket)
                        {
                            _items++;
                        }
                    }
                }

                public void Rehash()
                {
                    lock (_table)
                    {
                        _bucket = new object();
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task ReplacedUnderAnotherGuardButLockedWithoutIt_Reports()
    {
        const string source = """
            public sealed class Shard
            {
                private readonly object _table = new object();
                private object _bucket = new object();
                private int _items;

                public void Add()
                {
                    lock ({|#0:_bucket|})
                    {
                        _items++;
                    }
                }

                public void Rehash()
                {
                    lock (_table)
                    {
                        {|#1:_bucket = new object()|};
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD401").WithLocation(0).WithLocation(1).WithArguments("_bucket", "'Rehash'"));
    }

    [Fact]
    public async Task ReadonlyFieldsLocalsAndParameters_NoDiagnostic()
    {
        const string source = """
            using System.Threading;

            public sealed class Relay
            {
                private readonly object _gate = new object();
                private int _hops;

                public void Hop(object callerLock)
                {
                    var local = new object();
                    lock (_gate) { _hops++; }
                    lock (callerLock) { _hops++; }
                    lock (local) { _hops++; }
                    Monitor.Enter(_gate);
                    try { _hops++; } finally { Monitor.Exit(_gate); }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
