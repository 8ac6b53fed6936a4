using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Guarding.EnumerationOutsideGuardAnalyzer,
    Guarded.CodeFixes.Guarding.EnumerationOutsideGuardFixer>;

namespace Guarded.Analyzers.Tests.Guarding;

public sealed class EnumerationOutsideGuardTests
{
    [Fact]
    public async Task SubscriberListEnumeratedWhileSomeoneSubscribes_ReportsAndIteratesASnapshot()
    {
        const string source = """
            using System;
            using System.Collections.Generic;

            public sealed class Notifier
            {
                private readonly object _gate = new object();
                private readonly List<Action<string>> _subscribers = new List<Action<string>>();

                public void Subscribe(Action<string> subscriber)
                {
                    lock (_gate)
                    {
                        {|#1:_subscribers|}.Add(subscriber);
                    }
                }

                public void Publish(string message)
                {
                    // Tell everyone.
                    foreach (var subscriber in {|#0:_subscribers|})
                    {
                        subscriber(message);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Generic;
            using System.Linq;

            public sealed class Notifier
            {
                private readonly object _gate = new object();
                private readonly List<Action<string>> _subscribers = new List<Action<string>>();

                public void Subscribe(Action<string> subscriber)
                {
                    lock (_gate)
                    {
                        _subscribers.Add(subscriber);
                    }
                }

                public void Publish(string message)
                {
                    // Tell everyone.
                    List<Action<string>> snapshot;
                    lock (_gate)
                    {
                        snapshot = _subscribers.ToList();
                    }

                    foreach (var subscriber in snapshot)
                    {
                        subscriber(message);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD202").WithLocation(0).WithLocation(1).WithArguments("_subscribers", "foreach", "lock (_gate)", "Subscribe"));
    }

    [Fact]
    public async Task LinqOverValuesInAsyncCodeWithASemaphore_SnapshotsTheValuesUnderTheSemaphore()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Connections
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
                private readonly Dictionary<string, int> _ports = new Dictionary<string, int>();

                public async Task OpenAsync(string host, int port)
                {
                    await _mutex.WaitAsync();
                    try
                    {
                        {|#1:_ports|}[host] = port;
                    }
                    finally
                    {
                        _mutex.Release();
                    }
                }

                public async Task<int> HighestAsync()
                {
                    await Task.Yield();
                    var highest = {|#0:_ports.Values|}.Where(p => p > 0).DefaultIfEmpty().Max();
                    return highest;
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Connections
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
                private readonly Dictionary<string, int> _ports = new Dictionary<string, int>();

                public async Task OpenAsync(string host, int port)
                {
                    await _mutex.WaitAsync();
                    try
                    {
                        _ports[host] = port;
                    }
                    finally
                    {
                        _mutex.Release();
                    }
                }

                public async Task<int> HighestAsync()
                {
                    await Task.Yield();
                    List<int> snapshot;
                    await _mutex.WaitAsync();
                    try
                    {
                        snapshot = _ports.Values.ToList();
                    }
                    finally
                    {
                        _mutex.Release();
                    }

                    var highest = snapshot.Where(p => p > 0).DefaultIfEmpty().Max();
                    return highest;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD202").WithLocation(0).WithLocation(1).WithArguments("_ports", "Where over Values", "_mutex.Wait/WaitAsync", "OpenAsync"));
    }

    [Fact]
    public async Task CopyOutsideTheLock_TakesTheLockAroundTheCopy()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Linq;

            public sealed class Jobs
            {
                private readonly object _gate = new object();
                private readonly Dictionary<Guid, string> _running = new Dictionary<Guid, string>();

                public void Start(Guid id, string name)
                {
                    lock (_gate)
                    {
                        {|#1:_running|}.Add(id, name);
                    }
                }

                public IReadOnlyList<string> Names()
                {
                    var names = {|#0:_running.Values|}.ToList();
                    names.Sort(StringComparer.Ordinal);
                    return names;
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Generic;
            using System.Linq;

            public sealed class Jobs
            {
                private readonly object _gate = new object();
                private readonly Dictionary<Guid, string> _running = new Dictionary<Guid, string>();

                public void Start(Guid id, string name)
                {
                    lock (_gate)
                    {
                        _running.Add(id, name);
                    }
                }

                public IReadOnlyList<string> Names()
                {
                    lock (_gate)
                    {
                        var names = _running.Values.ToList();
                        names.Sort(StringComparer.Ordinal);
                        return names;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD202").WithLocation(0).WithLocation(1).WithArguments("_running", "ToList over Values", "lock (_gate)", "Start"));
    }

    [Fact]
    public async Task ReaderWriterLockSlimGuard_SnapshotTakesAReadSection()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            public sealed class Routes
            {
                private static readonly ReaderWriterLockSlim s_lock = new ReaderWriterLockSlim();
                private static readonly Dictionary<string, string> s_routes = new Dictionary<string, string>();

                public static void Add(string path, string handler)
                {
                    s_lock.EnterWriteLock();
                    try
                    {
                        {|#1:s_routes|}[path] = handler;
                    }
                    finally
                    {
                        s_lock.ExitWriteLock();
                    }
                }

                public static int CountWithPrefix(string prefix)
                {
                    var count = 0;
                    foreach (var path in {|#0:s_routes.Keys|})
                    {
                        if (path.StartsWith(prefix)) count++;
                    }

                    return count;
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            public sealed class Routes
            {
                private static readonly ReaderWriterLockSlim s_lock = new ReaderWriterLockSlim();
                private static readonly Dictionary<string, string> s_routes = new Dictionary<string, string>();

                public static void Add(string path, string handler)
                {
                    s_lock.EnterWriteLock();
                    try
                    {
                        s_routes[path] = handler;
                    }
                    finally
                    {
                        s_lock.ExitWriteLock();
                    }
                }

                public static int CountWithPrefix(string prefix)
                {
                    var count = 0;
                    List<string> snapshot;
                    s_lock.EnterReadLock();
                    try
                    {
                        snapshot = s_routes.Keys.ToList();
                    }
                    finally
                    {
                        s_lock.ExitReadLock();
                    }

                    foreach (var path in snapshot)
                    {
                        if (path.StartsWith(prefix)) count++;
                    }

                    return count;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD202").WithLocation(0).WithLocation(1).WithArguments("s_routes", "foreach over Keys", "s_lock.EnterWriteLock()", "Add"));
    }

    [Fact]
    public async Task FixAll_SeveralEnumerationsInOneDocument_ConvergeInOnePass()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Linq;

            public sealed class Board
            {
                private readonly object _gate = new object();
                private readonly List<string> _orders = new List<string>();
                private readonly HashSet<string> _ready = new HashSet<string>();

                public void Place(string order)
                {
                    lock (_gate)
                    {
                        {|#3:_orders|}.Add(order);
                        {|#4:_ready|}.Remove(order);
                    }
                }

                public string Render()
                {
                    var text = string.Join(",", {|#0:_orders|});
                    foreach (var order in {|#1:_ready|})
                    {
                        text += order;
                    }

                    return text;
                }

                public bool AnyReady() => Count({|#2:_ready|}.Count());

                private static bool Count(int count) => count > 0;
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Linq;

            public sealed class Board
            {
                private readonly object _gate = new object();
                private readonly List<string> _orders = new List<string>();
                private readonly HashSet<string> _ready = new HashSet<string>();

                public void Place(string order)
                {
                    lock (_gate)
                    {
                        _orders.Add(order);
                        _ready.Remove(order);
                    }
                }

                public string Render()
                {
                    List<string> snapshot;
                    lock (_gate)
                    {
                        snapshot = _orders.ToList();
                    }

                    var text = string.Join(",", snapshot);
                    List<string> snapshot2;
                    lock (_gate)
                    {
                        snapshot2 = _ready.ToList();
                    }

                    foreach (var order in snapshot2)
                    {
                        text += order;
                    }

                    return text;
                }

                public bool AnyReady() => Count(_ready.Count());

                private static bool Count(int count) => count > 0;
            }
            """;

        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD202").WithLocation(0).WithLocation(3).WithArguments("_orders", "Join", "lock (_gate)", "Place"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD202").WithLocation(1).WithLocation(4).WithArguments("_ready", "foreach", "lock (_gate)", "Place"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD202").WithLocation(2).WithLocation(4).WithArguments("_ready", "Count", "lock (_gate)", "Place"));
        test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD202").WithSpan(42, 37, 42, 43).WithSpan(15, 13, 15, 19).WithArguments("_ready", "Count", "lock (_gate)", "Place"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("EnumeratedUnderTheLock", """
        private readonly object _gate = new object();
        private readonly List<int> _items = new List<int>();

        public void Add(int item) { lock (_gate) { _items.Add(item); } }
        public int Sum() { lock (_gate) { return _items.Sum(); } }
        """)]
    [InlineData("NeverMutatedAfterConstruction", """
        private readonly object _gate = new object();
        private readonly List<int> _items;
        private int _calls;

        public Sample(IEnumerable<int> items) { _items = new List<int>(items); }
        public int Sum() { lock (_gate) { _calls++; } return _items.Sum(); }
        """)]
    [InlineData("NeverMutatedUnderAGuard", """
        private readonly object _gate = new object();
        private readonly List<int> _items = new List<int>();

        public void Add(int item) { _items.Add(item); }
        public int Sum() => _items.Sum();
        """)]
    [InlineData("PrivateHelperOnlyCalledUnderTheLock", """
        private readonly object _gate = new object();
        private readonly List<int> _items = new List<int>();

        public void Add(int item) { lock (_gate) { _items.Add(item); } }
        public int Sum() { lock (_gate) { return SumCore(); } }
        private int SumCore() { var sum = 0; foreach (var item in _items) { sum += item; } return sum; }
        """)]
    [InlineData("ConcurrentCollection", """
        private readonly object _gate = new object();
        private readonly ConcurrentDictionary<string, int> _map = new ConcurrentDictionary<string, int>();

        public void Add(string key) { lock (_gate) { _map[key] = 1; } }
        public int Sum() => _map.Values.Sum();
        """)]
    [InlineData("CountIsNotAnEnumeration", """
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();
        private int _reads;

        public void Add(string key) { lock (_gate) { _map[key] = 1; } }
        public int Keys() { Interlocked.Increment(ref _reads); return _map.Keys.Count; }
        """)]
    [InlineData("ReadSectionOfTheSameLock", """
        private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
        private readonly List<int> _items = new List<int>();

        public void Add(int item) { _lock.EnterWriteLock(); try { _items.Add(item); } finally { _lock.ExitWriteLock(); } }
        public int Sum() { _lock.EnterReadLock(); try { return _items.Sum(); } finally { _lock.ExitReadLock(); } }
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            public sealed class Sample
            {
            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
