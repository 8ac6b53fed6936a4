using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Guarding.InconsistentlyGuardedFieldAnalyzer,
    Guarded.CodeFixes.Guarding.InconsistentlyGuardedFieldFixer>;

namespace Guarded.Analyzers.Tests.Guarding;

public sealed class InconsistentlyGuardedFieldTests
{
    [Fact]
    public async Task CacheReaderWithoutTheWritersLock_ReportsEachReadAndGuardsThemTogether()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class QueryCache
            {
                private readonly Dictionary<string, string> _cache = new Dictionary<string, string>();
                private readonly object _cacheLock = new object();

                public void Put(string question, string answer)
                {
                    lock (_cacheLock)
                    {
                        {|#2:_cache|}[question] = answer;
                    }
                }

                public string? TryAnswer(string question)
                {
                    // Fast path: no lock needed for a read (or so we thought).
                    if ({|#0:_cache|}.ContainsKey(question))
                    {
                        return {|#1:_cache|}[question];
                    }

                    return null;
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;

            public sealed class QueryCache
            {
                private readonly Dictionary<string, string> _cache = new Dictionary<string, string>();
                private readonly object _cacheLock = new object();

                public void Put(string question, string answer)
                {
                    lock (_cacheLock)
                    {
                        _cache[question] = answer;
                    }
                }

                public string? TryAnswer(string question)
                {
                    // Fast path: no lock needed for a read (or so we thought).
                    lock (_cacheLock)
                    {
                        if (_cache.ContainsKey(question))
                        {
                            return _cache[question];
                        }
                    }

                    return null;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(2).WithArguments("_cache", "lock (_cacheLock)", "Put", "read"),
            Verify.Diagnostic("GRD201").WithLocation(1).WithLocation(2).WithArguments("_cache", "lock (_cacheLock)", "Put", "read"));
    }

    [Fact]
    public async Task AccessesInExpressionBodiedMembers_FixGivesThemBlockBodiesAndTakesTheLock()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class OrderBoard
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, string> _screens = new Dictionary<string, string>();

                public bool LobbyOnline => {|#0:_screens|}.ContainsKey("lobby");

                public void Subscribe(string id, string name)
                {
                    lock (_gate)
                    {
                        {|#1:_screens|}[id] = name;
                    }
                }

                public bool IsOnline(string id) => {|#2:_screens|}.ContainsKey(id);

                public void Forget(string id) => {|#3:_screens|}.Remove(id);
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;

            public sealed class OrderBoard
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, string> _screens = new Dictionary<string, string>();

                public bool LobbyOnline
                {
                    get
                    {
                        lock (_gate)
                        {
                            return _screens.ContainsKey("lobby");
                        }
                    }
                }

                public void Subscribe(string id, string name)
                {
                    lock (_gate)
                    {
                        _screens[id] = name;
                    }
                }

                public bool IsOnline(string id)
                {
                    lock (_gate)
                    {
                        return _screens.ContainsKey(id);
                    }
                }

                public void Forget(string id)
                {
                    lock (_gate)
                    {
                        _screens.Remove(id);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(1).WithArguments("_screens", "lock (_gate)", "Subscribe", "read"),
            Verify.Diagnostic("GRD201").WithLocation(2).WithLocation(1).WithArguments("_screens", "lock (_gate)", "Subscribe", "read"),
            Verify.Diagnostic("GRD201").WithLocation(3).WithLocation(1).WithArguments("_screens", "lock (_gate)", "Subscribe", "written"));
    }

    [Fact]
    public async Task StaticRouteTableReadWithoutItsLock_ReportsAndTakesTheStaticLock()
    {
        const string source = """
            using System.Collections.Generic;

            public static class Routes
            {
                private static readonly object s_gate = new object();
                private static readonly Dictionary<string, string> s_routes = new Dictionary<string, string>();

                public static void Register(string path, string handler)
                {
                    lock (s_gate)
                    {
                        {|#1:s_routes|}[path] = handler;
                    }
                }

                public static string? Resolve(string path)
                {
                    return {|#0:s_routes|}.TryGetValue(path, out var handler) ? handler : null;
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;

            public static class Routes
            {
                private static readonly object s_gate = new object();
                private static readonly Dictionary<string, string> s_routes = new Dictionary<string, string>();

                public static void Register(string path, string handler)
                {
                    lock (s_gate)
                    {
                        s_routes[path] = handler;
                    }
                }

                public static string? Resolve(string path)
                {
                    lock (s_gate)
                    {
                        return s_routes.TryGetValue(path, out var handler) ? handler : null;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(1).WithArguments("s_routes", "lock (s_gate)", "Register", "read"));
    }

    [Fact]
    public async Task RemoveInFinallyWithoutTheLock_IsLeftToGRD302()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public sealed class Jobs
            {
                private readonly object _gate = new object();
                private readonly Dictionary<Guid, string> _running = new Dictionary<Guid, string>();

                public Guid Start(string name, Func<Task> work)
                {
                    var id = Guid.NewGuid();
                    lock (_gate)
                    {
                        _running.Add(id, name);
                    }

                    _ = Task.Run(() => RunAsync(id, work));
                    return id;
                }

                private async Task RunAsync(Guid id, Func<Task> work)
                {
                    try
                    {
                        await work();
                    }
                    finally
                    {
                        _running.Remove(id);
                    }
                }
            }
            """;

        // Cleanup in a finally of state guarded elsewhere is GRD302's finding, with its own fix; one span, one report.
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task SemaphoreGuardHeldAcrossAwait_ReaderInAsyncCode_FixAwaitsTheSemaphore()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Outbox
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
                private readonly List<string> _pending = new List<string>();

                public async Task AddAsync(string message)
                {
                    await _mutex.WaitAsync();
                    try
                    {
                        await Task.Yield();
                        {|#1:_pending|}.Add(message);
                    }
                    finally
                    {
                        _mutex.Release();
                    }
                }

                public async Task<bool> ContainsAsync(string message)
                {
                    await Task.Yield();
                    return {|#0:_pending|}.Contains(message);
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Outbox
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
                private readonly List<string> _pending = new List<string>();

                public async Task AddAsync(string message)
                {
                    await _mutex.WaitAsync();
                    try
                    {
                        await Task.Yield();
                        _pending.Add(message);
                    }
                    finally
                    {
                        _mutex.Release();
                    }
                }

                public async Task<bool> ContainsAsync(string message)
                {
                    await Task.Yield();
                    await _mutex.WaitAsync();
                    try
                    {
                        return _pending.Contains(message);
                    }
                    finally
                    {
                        _mutex.Release();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(1).WithArguments("_pending", "_mutex.Wait/WaitAsync", "AddAsync", "read"));
    }

    [Fact]
    public async Task LockGuardAndAnAwaitInTheStatement_ReportsButOffersNoFix()
    {
        const string source = """
            using System.Threading.Tasks;

            public sealed class Beacon
            {
                private readonly object _gate = new object();
                private decimal _latest;

                public void Set(decimal value)
                {
                    lock (_gate)
                    {
                        {|#1:_latest|} = value;
                    }
                }

                public async Task PublishAsync()
                {
                    await SendAsync({|#0:_latest|});
                }

                private static Task SendAsync(decimal value) => Task.CompletedTask;
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(1).WithArguments("_latest", "lock (_gate)", "Set", "read"));
    }

    [Fact]
    public async Task ReaderWriterLockSlimWriter_UnguardedReader_FixTakesAReadSection()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Prices
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();

                public void Set(string item, decimal price)
                {
                    _lock.EnterWriteLock();
                    try
                    {
                        {|#1:_prices|}[item] = price;
                    }
                    finally
                    {
                        _lock.ExitWriteLock();
                    }
                }

                public decimal Get(string item)
                {
                    _lock.EnterReadLock();
                    try
                    {
                        return _prices[item];
                    }
                    finally
                    {
                        _lock.ExitReadLock();
                    }
                }

                public bool Has(string item)
                {
                    return {|#0:_prices|}.ContainsKey(item);
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Prices
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();

                public void Set(string item, decimal price)
                {
                    _lock.EnterWriteLock();
                    try
                    {
                        _prices[item] = price;
                    }
                    finally
                    {
                        _lock.ExitWriteLock();
                    }
                }

                public decimal Get(string item)
                {
                    _lock.EnterReadLock();
                    try
                    {
                        return _prices[item];
                    }
                    finally
                    {
                        _lock.ExitReadLock();
                    }
                }

                public bool Has(string item)
                {
                    _lock.EnterReadLock();
                    try
                    {
                        return _prices.ContainsKey(item);
                    }
                    finally
                    {
                        _lock.ExitReadLock();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(1).WithArguments("_prices", "_lock.EnterWriteLock()", "Set", "read"));
    }

    [Fact]
    public async Task SystemThreadingLockWriter_UnguardedReader_FixUsesALockStatement()
    {
        const string source = """
            using System.Threading;

            public sealed class Meter
            {
                private readonly Lock _lock = new Lock();
                private decimal _total;

                public void Add(long amount)
                {
                    lock (_lock)
                    {
                        {|#1:_total|} += amount;
                    }
                }

                public decimal Read()
                {
                    using (_lock.EnterScope())
                    {
                        return _total;
                    }
                }

                public bool IsEmpty()
                {
                    return {|#0:_total|} == 0;
                }
            }

            namespace System.Threading
            {
                public sealed class Lock
                {
                    public Scope EnterScope() => default;
                    public void Enter() { }
                    public void Exit() { }
                    public ref struct Scope { public void Dispose() { } }
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public sealed class Meter
            {
                private readonly Lock _lock = new Lock();
                private decimal _total;

                public void Add(long amount)
                {
                    lock (_lock)
                    {
                        _total += amount;
                    }
                }

                public decimal Read()
                {
                    using (_lock.EnterScope())
                    {
                        return _total;
                    }
                }

                public bool IsEmpty()
                {
                    lock (_lock)
                    {
                        return _total == 0;
                    }
                }
            }

            namespace System.Threading
            {
                public sealed class Lock
                {
                    public Scope EnterScope() => default;
                    public void Enter() { }
                    public void Exit() { }
                    public ref struct Scope { public void Dispose() { } }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(1).WithArguments("_total", "lock (_lock)", "Add", "read"));
    }

    [Fact]
    public async Task SessionLocksHandleGuardsTheWriter_UnguardedReader_ReportsWithoutAFix()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Guarded;

            public sealed class Carts
            {
                private readonly SessionLocks<string> _locks = new SessionLocks<string>();
                private readonly Dictionary<string, int> _items = new Dictionary<string, int>();

                public async Task AddAsync(string session)
                {
                    using (await _locks.AcquireAsync(session))
                    {
                        {|#1:_items|}[session] = 1;
                    }
                }

                public int Quantity(string session) => {|#0:_items|}[session];
            }

            namespace Guarded
            {
                public sealed class SessionLocks<TKey>
                {
                    public Task<IDisposable> AcquireAsync(TKey key) => Task.FromResult<IDisposable>(null!);
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(1).WithArguments("_items", "_locks.Acquire", "AddAsync", "read"));
    }

    [Fact]
    public async Task ExpressionBodiedProperty_UnderASemaphore_ReportsWithoutAFix()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Connection
            {
                private readonly SemaphoreSlim _connectLock = new SemaphoreSlim(1, 1);
                private decimal _credit;

                public decimal Credit => {|#0:_credit|};

                public async Task ConnectAsync()
                {
                    await _connectLock.WaitAsync();
                    try
                    {
                        {|#1:_credit|} = 10m;
                    }
                    finally
                    {
                        _connectLock.Release();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(1).WithArguments("_credit", "_connectLock.Wait/WaitAsync", "ConnectAsync", "read"));
    }

    [Fact]
    public async Task FixAll_SeveralFindingsInOneDocument_ConvergeInOnePass()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Tabs
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, decimal> _tabs = new Dictionary<string, decimal>();
                private decimal _total;

                public void Charge(string id, decimal amount)
                {
                    lock (_gate)
                    {
                        {|#4:_tabs|}[id] = amount;
                        {|#5:_total|} += amount;
                    }
                }

                public decimal Total()
                {
                    return {|#0:_total|};
                }

                public void Reset(string id)
                {
                    {|#1:_tabs|}.Remove(id);
                    {|#2:_total|} = 0;
                }

                public bool HasBar()
                {
                    return Has({|#3:_tabs|}.ContainsKey("bar"));
                }

                private static bool Has(bool has) => has;
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;

            public sealed class Tabs
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, decimal> _tabs = new Dictionary<string, decimal>();
                private decimal _total;

                public void Charge(string id, decimal amount)
                {
                    lock (_gate)
                    {
                        _tabs[id] = amount;
                        _total += amount;
                    }
                }

                public decimal Total()
                {
                    lock (_gate)
                    {
                        return _total;
                    }
                }

                public void Reset(string id)
                {
                    lock (_gate)
                    {
                        _tabs.Remove(id);
                        _total = 0;
                    }
                }

                public bool HasBar()
                {
                    lock (_gate)
                    {
                        return Has(_tabs.ContainsKey("bar"));
                    }
                }

                private static bool Has(bool has) => has;
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(5).WithArguments("_total", "lock (_gate)", "Charge", "read"),
            Verify.Diagnostic("GRD201").WithLocation(1).WithLocation(4).WithArguments("_tabs", "lock (_gate)", "Charge", "written"),
            Verify.Diagnostic("GRD201").WithLocation(2).WithLocation(5).WithArguments("_total", "lock (_gate)", "Charge", "written"),
            Verify.Diagnostic("GRD201").WithLocation(3).WithLocation(4).WithArguments("_tabs", "lock (_gate)", "Charge", "read"));
    }

    [Fact]
    public async Task CheckThenActSequence_IsLeftToGrd101_OtherReadsInTheMethodAreReported()
    {
        const string source = """
            using System;
            using System.Collections.Generic;

            public sealed class QueryCache
            {
                private readonly Dictionary<string, string> _cache = new Dictionary<string, string>();
                private readonly object _cacheLock = new object();

                public void Clear()
                {
                    lock (_cacheLock)
                    {
                        {|#1:_cache|}.Clear();
                    }
                }

                public string GetOrCompute(string question, Func<string, string> compute)
                {
                    if (_cache.ContainsKey(question))
                    {
                        return {|#0:_cache|}[question];
                    }

                    string answer = compute(question);
                    _cache.Add(question, answer);
                    return answer;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(1).WithArguments("_cache", "lock (_cacheLock)", "Clear", "read"));
    }

    /// <summary>A journal segment whose internal helpers its owner calls; the owner's members vary per test.</summary>
    private const string JournalSegment = """
        using System.Collections.Generic;

        internal sealed class JournalSegment
        {
            private readonly object _sealGate = new object();
            private List<byte[]> _records = new List<byte[]>();

            internal void Write(byte[] record) => _records.Add(record);

            internal List<byte[]> Seal()
            {
                lock (_sealGate)
                {
                    var sealedRecords = _records;
                    _records = new List<byte[]>();
                    return sealedRecords;
                }
            }
        }

        """;

    [Fact]
    public async Task InternalHelperCalledByItsOwnerUnderTheOwnersLock_IsGuardedByIt()
    {
        const string owner = """
            public sealed class Journal
            {
                private readonly object _gate = new object();
                private readonly JournalSegment _active = new JournalSegment();

                public void Append(byte[] record) { lock (_gate) { _active.Write(record); } }

                public List<byte[]> Roll() { lock (_gate) { return _active.Seal(); } }
            }
            """;

        await Verify.VerifyAnalyzerAsync(JournalSegment + owner);
    }

    [Fact]
    public async Task InternalHelperOneOutsideCallerReachesWithoutALock_ReportsTheTypesOwnGuard()
    {
        const string owner = """
            public sealed class Journal
            {
                private readonly object _gate = new object();
                private readonly JournalSegment _active = new JournalSegment();

                public void Append(byte[] record) { lock (_gate) { _active.Write(record); } }

                public void AppendUnordered(byte[] record) => _active.Write(record);
            }
            """;

        // The lock the owner holds is not one JournalSegment can take: the message names its own.
        await Verify.VerifyAnalyzerAsync(
            JournalSegment + owner,
            Verify.Diagnostic("GRD201").WithSpan(8, 43, 8, 51).WithSpan(15, 13, 15, 21).WithArguments("_records", "lock (_sealGate)", "Seal", "written"));
    }

    [Fact]
    public async Task RemovableReferenceTestedThenUsed_ReportsBothReads()
    {
        const string source = """
            public sealed class FeedHost
            {
                private readonly object _gate = new object();
                private Feed? _feed;

                public void Publish(string item)
                {
                    if ({|#0:_feed|} != null)
                    {
                        {|#1:_feed|}.Push(item);
                    }
                }

                public void Attach(Feed feed) { lock (_gate) { {|#2:_feed|} = feed; } }

                public void Detach() { lock (_gate) { _feed = null; } }
            }

            public sealed class Feed
            {
                public void Push(string item) { }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD201").WithLocation(0).WithLocation(2).WithArguments("_feed", "lock (_gate)", "Attach", "read"),
            Verify.Diagnostic("GRD201").WithLocation(1).WithLocation(2).WithArguments("_feed", "lock (_gate)", "Attach", "read"));
    }

    [Theory]
    [InlineData("EveryAccessGuarded", """
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();
        private int _count;

        public void Put(string key) { lock (_gate) { _map[key] = 1; _count++; } }
        public int Get(string key) { lock (_gate) { return _map[key] + _count; } }
        """)]
    [InlineData("VolatileFieldReadWithoutTheLock", """
        private readonly object _gate = new object();
        private volatile bool _stopped;

        public void Stop() { lock (_gate) { _stopped = true; } }
        public bool IsStopped => _stopped;
        """)]
    [InlineData("VolatileReadAndInterlockedWithoutTheLock", """
        private readonly object _gate = new object();
        private int _count;
        private long _total;

        public void Add(long amount) { lock (_gate) { _count = _count + 1; _total = _total + amount; } }
        public int Count => Volatile.Read(ref _count);
        public void Bump() => Interlocked.Increment(ref _count);
        public long Total => Interlocked.Read(ref _total);
        """)]
    [InlineData("FieldOnlyWrittenInTheConstructor", """
        private readonly object _gate = new object();
        private readonly string _name;
        private int _calls;

        public Sample(string name) { _name = name; }
        public string Describe() { lock (_gate) { _calls++; } return _name; }
        """)]
    [InlineData("ReadonlyCollectionNeverMutatedAfterConstruction", """
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _defaults = new Dictionary<string, int>();
        private int _hits;

        public Sample(string[] keys) { foreach (var key in keys) { _defaults[key] = 0; } }
        public int Default(string key) { lock (_gate) { _hits++; } return _defaults.TryGetValue(key, out var value) ? value : -1; }
        """)]
    [InlineData("PrivateHelperOnlyCalledUnderTheLock", """
        private readonly object _gate = new object();
        private readonly List<int> _items = new List<int>();

        public void Add(int item) { lock (_gate) { AddCore(item); } }
        public int Count() { lock (_gate) { return CountCore(); } }
        private void AddCore(int item) => _items.Add(item);
        private int CountCore() => _items.Count;
        """)]
    [InlineData("MonitorTryEnterWithTakenFlag", """
        private readonly object _gate = new object();
        private readonly List<int> _items = new List<int>();

        public void Add(int item) { lock (_gate) { _items.Add(item); } }
        public bool TryCount(out int count)
        {
            bool taken = false;
            try
            {
                Monitor.TryEnter(_gate, 100, ref taken);
                count = taken ? _items.Count : -1;
                return taken;
            }
            finally
            {
                if (taken) Monitor.Exit(_gate);
            }
        }
        """)]
    [InlineData("SemaphoreAcrossAwait", """
        private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
        private readonly List<int> _items = new List<int>();

        public async Task AddAsync(int item)
        {
            await _mutex.WaitAsync();
            try { await Task.Yield(); _items.Add(item); }
            finally { _mutex.Release(); }
        }

        public async Task<int> CountAsync()
        {
            await _mutex.WaitAsync().ConfigureAwait(false);
            try { await Task.Delay(1); return _items.Count; }
            finally { _mutex.Release(); }
        }
        """)]
    [InlineData("NeverWrittenUnderAGuard", """
        private readonly object _gate = new object();
        private int _count;
        private int _other;

        public void Bump() { _count = _count + 1; }
        public int Read() { lock (_gate) { _other++; } return _count; }
        """)]
    [InlineData("DoubleCheckedLazyInitialisation", """
        private readonly object _gate = new object();
        private List<int>? _instance;

        public List<int> Instance
        {
            get
            {
                if (_instance == null)
                {
                    lock (_gate)
                    {
                        if (_instance == null) { _instance = new List<int>(); }
                    }
                }

                return _instance;
            }
        }
        """)]
    [InlineData("EnumerationIsLeftToGrd202", """
        private readonly object _gate = new object();
        private readonly List<int> _items = new List<int>();

        public void Add(int item) { lock (_gate) { _items.Add(item); } }
        public int Sum() { var sum = 0; foreach (var item in _items) { sum += item; } return sum; }
        """)]
    [InlineData("DifferentLockIsLeftToGrd204", """
        private readonly object _gate = new object();
        private readonly object _other = new object();
        private int _count;

        public void Bump() { lock (_gate) { _count++; } }
        public int Read() { lock (_other) { return _count; } }
        """)]
    [InlineData("BenignRaceOnTheMember", """
        private sealed class BenignRaceAttribute : Attribute { public BenignRaceAttribute(string why) { } }
        private readonly object _gate = new object();
        private int _count;

        public void Bump() { lock (_gate) { _count++; } }
        [BenignRace("A stale count is fine for the status page.")]
        public int Approximate() => _count;
        """)]
    [InlineData("GuardedByFieldIsLeftToGrd203", """
        private sealed class GuardedByAttribute : Attribute { public GuardedByAttribute(string guard) { } }
        private readonly object _gate = new object();
        [GuardedBy(nameof(_gate))]
        private int _count;

        public void Bump() { lock (_gate) { _count++; } }
        public int Read() => _count;
        """)]
    [InlineData("ConcurrentCollectionField", """
        private readonly object _gate = new object();
        private readonly ConcurrentDictionary<string, int> _map = new ConcurrentDictionary<string, int>();

        public void Put(string key) { lock (_gate) { _map[key] = 1; } }
        public int Get(string key) => _map[key];
        """)]
    [InlineData("InsideARequiresGuardMember", """
        private sealed class RequiresGuardAttribute : Attribute { public RequiresGuardAttribute(string guard) { } }
        private readonly object _gate = new object();
        private int _count;

        public void Bump() { lock (_gate) { _count++; } }
        [RequiresGuard(nameof(_gate))] public int CountLocked() => _count + Twice();
        private int Twice() => _count * 2;
        """)]
    [InlineData("OtherInstance", """
        private readonly object _gate = new object();
        private int _count;

        public void Bump() { lock (_gate) { _count++; } }
        public static int Peek(Sample other) => other._count;
        """)]
    [InlineData("RemovableReferenceReadOncePerMember", """
        private readonly object _gate = new object();
        private string? _endpoint;

        public bool IsConnected => _endpoint is not null;
        public string? Endpoint => _endpoint;
        public int? Port => _endpoint?.Length;
        public void Connect(string endpoint) { lock (_gate) { _endpoint = endpoint; } }
        public void Disconnect() { lock (_gate) { _endpoint = null; } }
        """)]
    [InlineData("ArrayElementsGrownUnderTheLock", """
        private readonly object _gate = new object();
        private object?[] _slots = new object?[4];

        public object? Get(int slot) => slot < _slots.Length ? _slots[slot] : null;
        public void Set(int slot, object value)
        {
            lock (_gate)
            {
                if (slot >= _slots.Length) { Array.Resize(ref _slots, slot * 2); }
                _slots[slot] = value;
            }
        }
        """)]
    [InlineData("GuardOnlyOrdersStores", """
        private readonly object _gate = new object();
        private string? _status;

        public string? Status { get => _status; set => _status = value; }
        public void Reset() { lock (_gate) { _status = null; } }
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Sample
            {
            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
