using System.Threading.Tasks;
using Guarded.Analyzers.Atomicity;
using Guarded.CodeFixes.Atomicity;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Atomicity.CheckThenActOnSharedCollectionAnalyzer,
    Guarded.CodeFixes.Atomicity.CheckThenActOnSharedCollectionFixer>;

namespace Guarded.Analyzers.Tests.Atomicity;

public sealed class CheckThenActOnSharedCollectionTests
{
    [Fact]
    public async Task TryGetValueThenIndexerSet_OutsideTheLockUsedElsewhere_ReportsAndReusesTheLock()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class WorkflowSessionCache
            {
                private readonly object _sync = new object();
                private readonly Dictionary<string, string> _sessions = new Dictionary<string, string>();

                public string Get(string id)
                {
                    // Sessions are created on first use.
                    if (!{|#0:_sessions.TryGetValue(id, out var session)|})
                    {
                        session = "session:" + id;
                        {|#1:_sessions[id]|} = session;
                    }

                    return session;
                }

                public void Evict(string id)
                {
                    lock (_sync)
                    {
                        {|#2:_sessions|}.Remove(id);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;

            public sealed class WorkflowSessionCache
            {
                private readonly object _sync = new object();
                private readonly Dictionary<string, string> _sessions = new Dictionary<string, string>();

                public string Get(string id)
                {
                    // Sessions are created on first use.
                    lock (_sync)
                    {
                        if (!_sessions.TryGetValue(id, out var session))
                        {
                            session = "session:" + id;
                            _sessions[id] = session;
                        }

                        return session;
                    }
                }

                public void Evict(string id)
                {
                    lock (_sync)
                    {
                        _sessions.Remove(id);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD101").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("_sessions", "TryGetValue", "an indexer set", "elsewhere '_sessions' is guarded by lock (_sync) (in Evict)"));
    }

    [Fact]
    public async Task GetOrCreateDictionary_WithTheRuntime_FixRewritesEveryUseToDoubleCheckedCache()
    {
        const string source = """
            using System;
            using System.Collections.Generic;

            public sealed class WorkflowSessionCache
            {
                private readonly object _sync = new object();
                private readonly Dictionary<string, string> _sessions = new Dictionary<string, string>(StringComparer.Ordinal);

                public string Get(string id)
                {
                    if (!{|#0:_sessions.TryGetValue(id, out var session)|})
                    {
                        session = "session:" + id;
                        {|#1:_sessions[id]|} = session;
                    }

                    return session;
                }

                public bool Has(string id) => _sessions.ContainsKey(id);

                public void Evict(string id)
                {
                    lock (_sync)
                    {
                        {|#2:_sessions|}.Remove(id);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Generic;
            using Guarded;

            public sealed class WorkflowSessionCache
            {
                private readonly object _sync = new object();
                private readonly DoubleCheckedCache<string, string> _sessions = new DoubleCheckedCache<string, string>(new DoubleCheckedCacheOptions<string>() { KeyComparer = StringComparer.Ordinal });

                public string Get(string id)
                {
                    var session = _sessions.GetOrAdd(id, key => "session:" + key);

                    return session;
                }

                public bool Has(string id) => _sessions.TryGet(id, out _);

                public void Evict(string id)
                {
                    lock (_sync)
                    {
                        _sessions.Invalidate(id);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD101.DoubleCheckedCache",
            Verify.Diagnostic("GRD101").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("_sessions", "TryGetValue", "an indexer set", "elsewhere '_sessions' is guarded by lock (_sync) (in Evict)"));
    }

    [Fact]
    public async Task GetOrCreateDictionary_WithAnIndexerReadElsewhere_OffersOnlyTheGuardFix()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Cache
            {
                private readonly object _sync = new object();
                private readonly Dictionary<string, string> _items = new Dictionary<string, string>();

                public void Warm(string id)
                {
                    if (!{|#0:_items.ContainsKey(id)|})
                    {
                        {|#1:_items[id]|} = id;
                    }
                }

                public string Read(string id)
                {
                    lock (_sync)
                    {
                        return {|#2:_items|}[id];
                    }
                }
            }
            """;

        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = "GRD101.DoubleCheckedCache",
        };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD101").WithLocation(0).WithLocation(1).WithLocation(2)
            .WithArguments("_items", "ContainsKey", "an indexer set", "elsewhere '_items' is guarded by lock (_sync) (in Read)"));
        test.FixedState.ExpectedDiagnostics.AddRange(test.ExpectedDiagnostics);
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public async Task ContainsKeyThenAdd_NoGuardAnywhere_ReportsAndAddsAGate()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public sealed class QueryCache
            {
                private readonly Dictionary<string, string> _answers = new Dictionary<string, string>();

                public void Warm(string question) => Task.Run(() => Remember(question, "warm"));

                public void Remember(string question, string answer)
                {
                    if (!{|#0:_answers.ContainsKey(question)|})
                    {
                        {|#1:_answers.Add(question, answer)|}; // first answer wins
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public sealed class QueryCache
            {
                private readonly Dictionary<string, string> _answers = new Dictionary<string, string>();
                private readonly object _answersLock = new object();

                public void Warm(string question) => Task.Run(() => Remember(question, "warm"));

                public void Remember(string question, string answer)
                {
                    lock (_answersLock)
                    {
                        if (!_answers.ContainsKey(question))
                        {
                            _answers.Add(question, answer); // first answer wins
                        }
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD101").WithLocation(0).WithLocation(1)
                .WithArguments("_answers", "ContainsKey", "Add", "no guard protects '_answers' anywhere in QueryCache"));
    }

    [Fact]
    public async Task CheckThenAdd_AroundAReadAlreadyUnderTheSameLock_WrapsOnceWithoutNesting()
    {
        const string source = """
            using System;
            using System.Collections.Generic;

            public sealed class QueryCache
            {
                private readonly object _cacheLock = new object();
                private readonly Dictionary<string, string> _cache = new Dictionary<string, string>();

                public void Put(string key, string answer)
                {
                    lock (_cacheLock)
                    {
                        _cache[key] = answer;
                    }
                }

                public string GetOrCompute(string key, Func<string, string> compute)
                {
                    if ({|#0:_cache.ContainsKey(key)|})
                    {
                        lock (_cacheLock)
                        {
                            return {|#2:_cache|}[key];
                        }
                    }

                    string answer = compute(key);
                    {|#1:_cache.Add(key, answer)|};
                    return answer;
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Generic;

            public sealed class QueryCache
            {
                private readonly object _cacheLock = new object();
                private readonly Dictionary<string, string> _cache = new Dictionary<string, string>();

                public void Put(string key, string answer)
                {
                    lock (_cacheLock)
                    {
                        _cache[key] = answer;
                    }
                }

                public string GetOrCompute(string key, Func<string, string> compute)
                {
                    lock (_cacheLock)
                    {
                        if (_cache.ContainsKey(key))
                        {
                            return _cache[key];
                        }

                        string answer = compute(key);
                        _cache.Add(key, answer);
                        return answer;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD101").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("_cache", "ContainsKey", "Add", "elsewhere '_cache' is guarded by lock (_cacheLock) (in GetOrCompute)"));
    }

    [Fact]
    public async Task StaticField_ContainsThenAddAfterEarlyReturn_ReportsAndAddsAStaticGate()
    {
        const string source = """
            using System.Collections.Generic;

            public static class Routes
            {
                private static readonly HashSet<string> s_registered = new HashSet<string>();

                public static bool Register(string route)
                {
                    if ({|#0:s_registered.Contains(route)|})
                    {
                        return false;
                    }

                    {|#1:s_registered.Add(route)|};
                    return true;
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;

            public static class Routes
            {
                private static readonly HashSet<string> s_registered = new HashSet<string>();
                private static readonly object s_registeredLock = new object();

                public static bool Register(string route)
                {
                    lock (s_registeredLock)
                    {
                        if (s_registered.Contains(route))
                        {
                            return false;
                        }

                        s_registered.Add(route);
                    }

                    return true;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD101").WithLocation(0).WithLocation(1)
                .WithArguments("s_registered", "Contains", "Add", "no guard protects 's_registered' anywhere in Routes"));
    }

    [Fact]
    public async Task CountThenDequeue_UnderSemaphoreElsewhere_FixUsesTheSemaphoreInAsyncCode()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Outbox
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
                private readonly Queue<string> _pending = new Queue<string>();

                public async Task EnqueueAsync(string message)
                {
                    await _mutex.WaitAsync();
                    try
                    {
                        {|#2:_pending|}.Enqueue(message);
                    }
                    finally
                    {
                        _mutex.Release();
                    }
                }

                public async Task<string?> TakeAsync()
                {
                    await Task.Yield();
                    if ({|#0:_pending.Count|} > 0)
                    {
                        return {|#1:_pending.Dequeue()|};
                    }

                    return null;
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
                private readonly Queue<string> _pending = new Queue<string>();

                public async Task EnqueueAsync(string message)
                {
                    await _mutex.WaitAsync();
                    try
                    {
                        _pending.Enqueue(message);
                    }
                    finally
                    {
                        _mutex.Release();
                    }
                }

                public async Task<string?> TakeAsync()
                {
                    await Task.Yield();
                    await _mutex.WaitAsync();
                    try
                    {
                        if (_pending.Count > 0)
                        {
                            return _pending.Dequeue();
                        }
                    }
                    finally
                    {
                        _mutex.Release();
                    }

                    return null;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD101").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("_pending", "Count", "Dequeue", "elsewhere '_pending' is guarded by _mutex.Wait/WaitAsync (in EnqueueAsync)"));
    }

    [Fact]
    public async Task CheckAndActInTwoSeparateLockRegions_Reports()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Registry
            {
                private readonly object _gate = new object();
                private readonly Dictionary<int, string> _names = new Dictionary<int, string>();

                public void Add(int id, string name)
                {
                    bool known;
                    lock (_gate)
                    {
                        known = {|#0:_names.ContainsKey(id)|};
                    }

                    if (!known)
                    {
                        lock (_gate)
                        {
                            {|#1:{|#2:_names|}[id]|} = name;
                        }
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD101").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("_names", "ContainsKey", "an indexer set", "elsewhere '_names' is guarded by lock (_gate) (in Add)"));
    }

    [Fact]
    public async Task FixAll_SeveralFindingsInOneDocument_ConvergeInOnePass()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Tabs
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, decimal> _tabs = new Dictionary<string, decimal>();
                private int _version;

                public void Open(string id)
                {
                    if (!{|#0:_tabs.ContainsKey(id)|})
                    {
                        {|#1:_tabs[id]|} = 0m;
                    }
                }

                public void Close(string id)
                {
                    if ({|#2:_tabs.ContainsKey(id)|})
                    {
                        {|#3:_tabs.Remove(id)|};
                    }
                }

                public void Bump() => Interlocked.Increment(ref _version);

                public int Count()
                {
                    lock (_gate)
                    {
                        return {|#4:_tabs|}.Count;
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Tabs
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, decimal> _tabs = new Dictionary<string, decimal>();
                private int _version;

                public void Open(string id)
                {
                    lock (_gate)
                    {
                        if (!_tabs.ContainsKey(id))
                        {
                            _tabs[id] = 0m;
                        }
                    }
                }

                public void Close(string id)
                {
                    lock (_gate)
                    {
                        if (_tabs.ContainsKey(id))
                        {
                            _tabs.Remove(id);
                        }
                    }
                }

                public void Bump() => Interlocked.Increment(ref _version);

                public int Count()
                {
                    lock (_gate)
                    {
                        return _tabs.Count;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD101").WithLocation(0).WithLocation(1).WithLocation(4)
                .WithArguments("_tabs", "ContainsKey", "an indexer set", "elsewhere '_tabs' is guarded by lock (_gate) (in Count)"),
            Verify.Diagnostic("GRD101").WithLocation(2).WithLocation(3).WithLocation(4)
                .WithArguments("_tabs", "ContainsKey", "Remove", "elsewhere '_tabs' is guarded by lock (_gate) (in Count)"));
    }

    [Fact]
    public async Task LambdaHandedToTaskRunInsideTheLock_IsNotGuarded_Reports()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public sealed class Warmer
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, int> _hits = new Dictionary<string, int>();

                public Task Warm(string key)
                {
                    lock (_gate)
                    {
                        return Task.Run(() =>
                        {
                            if (!{|#0:_hits.ContainsKey(key)|})
                            {
                                {|#1:_hits.Add(key, 1)|};
                            }
                        });
                    }
                }

                public void Reset()
                {
                    lock (_gate)
                    {
                        {|#2:_hits|}.Clear();
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD101").WithLocation(0).WithLocation(1).WithLocation(2)
                .WithArguments("_hits", "ContainsKey", "Add", "elsewhere '_hits' is guarded by lock (_gate) (in Reset)"));
    }

    [Fact]
    public async Task SharedStateScopeAll_ReportsInATypeWithoutConcurrencyIntent()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Menu
            {
                private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();

                public void Price(string item, decimal price)
                {
                    if (!{|#0:_prices.ContainsKey(item)|})
                    {
                        {|#1:_prices.Add(item, price)|};
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
        await Verify.VerifyAnalyzerAsync(
            source,
            "guarded.shared_state = all\n",
            Verify.Diagnostic("GRD101").WithLocation(0).WithLocation(1)
                .WithArguments("_prices", "ContainsKey", "Add", "no guard protects '_prices' anywhere in Menu"));
    }

    [Theory]
    [InlineData("LockedSequence", """
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

        public void Put(string key)
        {
            lock (_gate)
            {
                if (!_map.ContainsKey(key))
                {
                    _map.Add(key, 1);
                }
            }
        }
        """)]
    [InlineData("MonitorTryFinally", """
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

        public void Put(string key)
        {
            bool taken = false;
            try
            {
                Monitor.Enter(_gate, ref taken);
                if (!_map.ContainsKey(key))
                {
                    _map.Add(key, 1);
                }
            }
            finally
            {
                if (taken) Monitor.Exit(_gate);
            }
        }
        """)]
    [InlineData("ConcurrentDictionary", """
        private readonly ConcurrentDictionary<string, int> _map = new ConcurrentDictionary<string, int>();

        public void Put(string key)
        {
            if (!_map.ContainsKey(key))
            {
                _map[key] = 1;
            }
        }
        """)]
    [InlineData("LocalDictionary", """
        private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);

        public int Count(string[] words)
        {
            var counts = new Dictionary<string, int>();
            foreach (var word in words)
            {
                if (!counts.ContainsKey(word))
                {
                    counts[word] = 0;
                }
            }

            return counts.Count;
        }
        """)]
    [InlineData("ThreadStaticField", """
        [ThreadStatic]
        private static Dictionary<string, int>? t_scratch;
        private readonly object _gate = new object();

        public void Put(string key)
        {
            var scratch = t_scratch ??= new Dictionary<string, int>();
            if (!t_scratch.ContainsKey(key))
            {
                t_scratch.Add(key, 1);
            }
        }
        """)]
    [InlineData("Constructor", """
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

        public Sample(string[] keys)
        {
            foreach (var key in keys)
            {
                if (!_map.ContainsKey(key))
                {
                    _map.Add(key, 1);
                }
            }
        }
        """)]
    [InlineData("HelperOnlyCalledUnderTheLock", """
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

        public void Put(string key)
        {
            lock (_gate)
            {
                AddIfMissing(key);
            }
        }

        private void AddIfMissing(string key)
        {
            if (!_map.ContainsKey(key))
            {
                _map.Add(key, 1);
            }
        }
        """)]
    [InlineData("DifferentKeys", """
        private readonly object _gate = new object();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

        public void Rename(string from, string to)
        {
            if (_map.ContainsKey(from))
            {
                _map[to] = 1;
            }
        }
        """)]
    [InlineData("CheckDoesNotControlTheAct", """
        private readonly object _gate = new object();
        private readonly List<int> _items = new List<int>();

        public int AddAndCount(int item)
        {
            var before = _items.Count;
            _items.Add(item);
            return before;
        }
        """)]
    [InlineData("BenignRace", """
        private sealed class BenignRaceAttribute : Attribute { public BenignRaceAttribute(string why) { } }

        private readonly object _gate = new object();
        [BenignRace("Only a hint: duplicates are harmless.")]
        private readonly HashSet<string> _seen = new HashSet<string>();

        public void Saw(string key)
        {
            if (!_seen.Contains(key))
            {
                _seen.Add(key);
            }
        }
        """)]
    [InlineData("SynchronizedMethod", """
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

        [MethodImpl(MethodImplOptions.Synchronized)]
        public void Put(string key)
        {
            if (!_map.ContainsKey(key))
            {
                _map.Add(key, Interlocked.Increment(ref _next));
            }
        }

        private int _next;
        """)]
    [InlineData("OptimisticRecheckUnderTheLock", """
        private readonly object _gate = new object();
        private readonly Dictionary<string, (int State, long Version)> _table = new Dictionary<string, (int State, long Version)>();

        public bool TryIncrement(string key)
        {
            long expected;
            lock (_gate)
            {
                expected = _table[key].Version;
            }

            lock (_gate)
            {
                var current = _table[key];
                if (current.Version != expected)
                {
                    return false;
                }

                _table[key] = (current.State + 1, current.Version + 1);
                return true;
            }
        }
        """)]
    [InlineData("NoConcurrencyIntent", """
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

        public void Put(string key)
        {
            if (!_map.ContainsKey(key))
            {
                _map.Add(key, 1);
            }
        }
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using Guarded;

            public sealed class Sample
            {
            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task SharedStateScopeAnnotated_IgnoresUnannotatedConcurrentTypes()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Cache
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

                public void Put(string key)
                {
                    if (!_map.ContainsKey(key))
                    {
                        _map.Add(key, 1);
                    }
                }

                public void Clear()
                {
                    lock (_gate) { _map.Clear(); }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source, "guarded.shared_state = annotated\n");
    }

    [Fact]
    public async Task GeneratedCode_NoDiagnostic()
    {
        const string source = """
            // <auto-generated/>
            using System.Collections.Generic;

            public sealed class Generated
            {
                private static readonly Dictionary<string, int> s_map = new Dictionary<string, int>();

                public static void Put(string key)
                {
                    if (!s_map.ContainsKey(key))
                    {
                        s_map.Add(key, 1);
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
