using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Atomicity.BrokenDoubleCheckedLockingAnalyzer,
    Guarded.CodeFixes.Atomicity.BrokenDoubleCheckedLockingFixer>;

namespace Guarded.Analyzers.Tests.Atomicity;

public sealed class BrokenDoubleCheckedLockingTests
{
    [Fact]
    public async Task SeparateBooleanFlag_WithoutVolatile_FixMakesItVolatile()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Menu
            {
                private readonly object _gate = new object();
                private bool _loaded; // set once the items are in
                private List<string> _items = new List<string>();

                public List<string> Items()
                {
                    if ({|#0:!_loaded|})
                    {
                        lock (_gate)
                        {
                            if ({|#1:!_loaded|})
                            {
                                _items = new List<string> { "tea", "cake" };
                                _loaded = true;
                            }
                        }
                    }

                    return _items;
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;

            public sealed class Menu
            {
                private readonly object _gate = new object();
                private volatile bool _loaded; // set once the items are in
                private List<string> _items = new List<string>();

                public List<string> Items()
                {
                    if (!_loaded)
                    {
                        lock (_gate)
                        {
                            if (!_loaded)
                            {
                                _items = new List<string> { "tea", "cake" };
                                _loaded = true;
                            }
                        }
                    }

                    return _items;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD104").WithLocation(0).WithLocation(1).WithArguments(
                "_loaded",
                "the unlocked check reads '_loaded' without volatile or Volatile.Read, so a thread can see it set before the writes it guards"));
    }

    [Fact]
    public async Task ReferencePublishedBeforeInitialization_FixBuildsInALocalAndPublishesLast()
    {
        const string source = """
            public sealed class Connection
            {
                public string? Host;
                public void Open() { }
            }

            public sealed class Pool
            {
                private static readonly object s_gate = new object();
                private static Connection? s_connection;

                public static Connection Get()
                {
                    if (s_connection == null)
                    {
                        lock (s_gate)
                        {
                            if (s_connection == null)
                            {
                                {|#0:s_connection = new Connection()|};
                                {|#1:s_connection.Host = "db";|}
                                s_connection.Open();
                            }
                        }
                    }

                    return s_connection;
                }
            }
            """;

        const string fixedSource = """
            public sealed class Connection
            {
                public string? Host;
                public void Open() { }
            }

            public sealed class Pool
            {
                private static readonly object s_gate = new object();
                private static Connection? s_connection;

                public static Connection Get()
                {
                    if (s_connection == null)
                    {
                        lock (s_gate)
                        {
                            if (s_connection == null)
                            {
                                var connection = new Connection();
                                connection.Host = "db";
                                connection.Open();
                                s_connection = connection;
                            }
                        }
                    }

                    return s_connection;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD104").WithLocation(0).WithLocation(1).WithArguments(
                "s_connection",
                "'s_connection' is published before the object is fully initialized ('s_connection.Host = \"db\";' runs after the assignment), so the unlocked check can return it half-built"));
    }

    [Fact]
    public async Task SeparateBooleanFlag_LazyInitializerFix_RewritesTheBlockAndTheGateBecomesItsSyncLock()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Menu
            {
                private readonly object _gate = new object();
                private bool _loaded; // set once the items are in
                private List<string> _items = new List<string>();

                public List<string> Items()
                {
                    if ({|#0:!_loaded|})
                    {
                        lock (_gate)
                        {
                            if ({|#1:!_loaded|})
                            {
                                _items = new List<string> { "tea", "cake" };
                                _loaded = true;
                            }
                        }
                    }

                    return _items;
                }
            }
            """;

        // The gate served this lock alone: it becomes the sync lock EnsureInitialized creates on first use.
        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Menu
            {
                private object? _gate;
                private bool _loaded; // set once the items are in
                private List<string> _items = new List<string>();

                public List<string> Items()
                {
                    return LazyInitializer.EnsureInitialized(ref _items, ref _loaded, ref _gate, () => new List<string> { "tea", "cake" });
                }
            }
            """;

        await VerifyNullableCodeFixAsync(
            source,
            fixedSource,
            "GRD104.LazyInitializer",
            Verify.Diagnostic("GRD104").WithLocation(0).WithLocation(1).WithArguments(
                "_loaded",
                "the unlocked check reads '_loaded' without volatile or Volatile.Read, so a thread can see it set before the writes it guards"));
    }

    [Fact]
    public async Task SeparateBooleanFlag_GateSharedAndWritable_LazyInitializerFixPassesTheSameGate()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Menu
            {
                private object _gate = new object();
                private bool _loaded;
                private int _version;
                private List<string> _items = new List<string>();

                public List<string> Items()
                {
                    if ({|#0:!_loaded|})
                    {
                        lock (_gate)
                        {
                            if ({|#1:!_loaded|})
                            {
                                var items = new List<string> { "tea" };
                                items.Add("cake");
                                _items = items;
                                _loaded = true;
                            }
                        }
                    }

                    Count();
                    return _items;
                }

                public void Count()
                {
                    lock (_gate)
                    {
                        _version++;
                    }
                }
            }
            """;

        // The same monitor as before, so the factory still excludes Count.
        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Menu
            {
                private object _gate = new object();
                private bool _loaded;
                private int _version;
                private List<string> _items = new List<string>();

                public List<string> Items()
                {
                    LazyInitializer.EnsureInitialized(ref _items, ref _loaded, ref _gate, () =>
                    {
                        var items = new List<string> { "tea" };
                        items.Add("cake");
                        return items;
                    });

                    Count();
                    return _items;
                }

                public void Count()
                {
                    lock (_gate)
                    {
                        _version++;
                    }
                }
            }
            """;

        await VerifyNullableCodeFixAsync(source, fixedSource, "GRD104.LazyInitializer", Verify.Diagnostic("GRD104").WithLocation(0).WithLocation(1));
    }

    [Fact]
    public async Task ReferencePublishedBeforeInitialization_LazyInitializerFix_BuildsTheObjectInTheFactory()
    {
        const string source = """
            public sealed class Connection
            {
                public string? Host;
                public void Open() { }
            }

            public sealed class Pool
            {
                private static readonly object s_gate = new object();
                private static Connection? s_connection;

                public static Connection Get()
                {
                    if (s_connection == null)
                    {
                        lock (s_gate)
                        {
                            if (s_connection == null)
                            {
                                {|#0:s_connection = new Connection()|};
                                {|#1:s_connection.Host = "db";|}
                                s_connection.Open();
                            }
                        }
                    }

                    return s_connection;
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public sealed class Connection
            {
                public string? Host;
                public void Open() { }
            }

            public sealed class Pool
            {
                private static object? s_gate;
                private static Connection? s_connection;

                public static Connection Get()
                {
                    return LazyInitializer.EnsureInitialized(ref s_connection, ref s_gate, () =>
                    {
                        var connection = new Connection();
                        connection.Host = "db";
                        connection.Open();
                        return connection;
                    });
                }
            }
            """;

        await VerifyNullableCodeFixAsync(
            source,
            fixedSource,
            "GRD104.LazyInitializer",
            Verify.Diagnostic("GRD104").WithLocation(0).WithLocation(1).WithArguments(
                "s_connection",
                "'s_connection' is published before the object is fully initialized ('s_connection.Host = \"db\";' runs after the assignment), so the unlocked check can return it half-built"));
    }

    [Fact]
    public async Task TwoBrokenDoubleChecks_FixAllRewritesEachBlock()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Settings
            {
                public string? Path;
                public void Load() { }
            }

            public sealed class Tenant
            {
                private readonly object _settingsGate = new object();
                private readonly object _zonesGate = new object();
                private Settings? _settings;
                private bool _zonesLoaded;
                private List<string> _zones = new List<string>();

                public Settings Settings(string path)
                {
                    if (_settings is null)
                    {
                        lock (_settingsGate)
                        {
                            if (_settings is null)
                            {
                                {|#0:_settings = new Settings()|};
                                {|#1:_settings.Path = path;|}
                                _settings.Load();
                            }
                        }
                    }

                    return _settings;
                }

                public List<string> Zones()
                {
                    if ({|#2:!_zonesLoaded|})
                    {
                        lock (_zonesGate)
                        {
                            if ({|#3:!_zonesLoaded|})
                            {
                                _zones = new List<string> { "UTC" };
                                _zonesLoaded = true;
                            }
                        }
                    }

                    return _zones;
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Settings
            {
                public string? Path;
                public void Load() { }
            }

            public sealed class Tenant
            {
                private object? _settingsGate;
                private object? _zonesGate;
                private Settings? _settings;
                private bool _zonesLoaded;
                private List<string> _zones = new List<string>();

                public Settings Settings(string path)
                {
                    return LazyInitializer.EnsureInitialized(ref _settings, ref _settingsGate, () =>
                    {
                        var settings = new Settings();
                        settings.Path = path;
                        settings.Load();
                        return settings;
                    });
                }

                public List<string> Zones()
                {
                    return LazyInitializer.EnsureInitialized(ref _zones, ref _zonesLoaded, ref _zonesGate, () => new List<string> { "UTC" });
                }
            }
            """;

        await VerifyNullableCodeFixAsync(
            source,
            fixedSource,
            "GRD104.LazyInitializer",
            Verify.Diagnostic("GRD104").WithLocation(0).WithLocation(1),
            Verify.Diagnostic("GRD104").WithLocation(2).WithLocation(3));
    }

    [Theory]
    [InlineData("GateSharedAndReadonly", """
        private readonly object _gate = new object();
        private bool _loaded;
        private List<string> _items = new List<string>();
        private int _reads;

        public List<string> Items()
        {
            if ({|#0:!_loaded|})
            {
                lock (_gate)
                {
                    if ({|#1:!_loaded|})
                    {
                        _items = new List<string> { "tea" };
                        _loaded = true;
                    }
                }
            }

            lock (_gate)
            {
                _reads++;
            }

            return _items;
        }
        """)]
    [InlineData("TargetWrittenElsewhere", """
        private readonly object _gate = new object();
        private bool _loaded;
        private List<string> _items = new List<string>();

        public List<string> Items()
        {
            if ({|#0:!_loaded|})
            {
                lock (_gate)
                {
                    if ({|#1:!_loaded|})
                    {
                        _items = new List<string> { "tea" };
                        _loaded = true;
                    }
                }
            }

            return _items;
        }

        public void Clear() => _items = new List<string>();
        """)]
    [InlineData("FlagResetElsewhere", """
        private readonly object _gate = new object();
        private bool _loaded;
        private List<string> _items = new List<string>();

        public List<string> Items()
        {
            if ({|#0:!_loaded|})
            {
                lock (_gate)
                {
                    if ({|#1:!_loaded|})
                    {
                        _items = new List<string> { "tea" };
                        _loaded = true;
                    }
                }
            }

            return _items;
        }

        public void Reload() => _loaded = false;
        """)]
    [InlineData("TargetNotPrivate", """
        private readonly object _gate = new object();
        private bool _loaded;
        internal List<string> _items = new List<string>();

        public List<string> Items()
        {
            if ({|#0:!_loaded|})
            {
                lock (_gate)
                {
                    if ({|#1:!_loaded|})
                    {
                        _items = new List<string> { "tea" };
                        _loaded = true;
                    }
                }
            }

            return _items;
        }
        """)]
    [InlineData("MoreAfterTheFlag", """
        private readonly object _gate = new object();
        private bool _loaded;
        private List<string> _items = new List<string>();
        private int _loads;

        public List<string> Items()
        {
            if ({|#0:!_loaded|})
            {
                lock (_gate)
                {
                    if ({|#1:!_loaded|})
                    {
                        _items = new List<string> { "tea" };
                        _loaded = true;
                        _loads++;
                    }
                }
            }

            return _items;
        }
        """)]
    [InlineData("ReturnInsideTheBlock", """
        private readonly object _gate = new object();
        private bool _loaded;
        private List<string> _items = new List<string>();

        public List<string> Items(bool skip)
        {
            if ({|#0:!_loaded|})
            {
                lock (_gate)
                {
                    if ({|#1:!_loaded|})
                    {
                        if (skip) return new List<string>();
                        _items = new List<string> { "tea" };
                        _loaded = true;
                    }
                }
            }

            return _items;
        }
        """)]
    [InlineData("RefParameterInTheFactory", """
        private readonly object _gate = new object();
        private bool _loaded;
        private List<string> _items = new List<string>();

        public List<string> Items(ref int loads)
        {
            if ({|#0:!_loaded|})
            {
                lock (_gate)
                {
                    if ({|#1:!_loaded|})
                    {
                        _items = new List<string> { "tea" + loads++ };
                        _loaded = true;
                    }
                }
            }

            return _items;
        }
        """)]
    [InlineData("MonitorInsteadOfLock", """
        private readonly object _gate = new object();
        private bool _loaded;
        private List<string> _items = new List<string>();

        public List<string> Items()
        {
            if ({|#0:!_loaded|})
            {
                Monitor.Enter(_gate);
                try
                {
                    if ({|#1:!_loaded|})
                    {
                        _items = new List<string> { "tea" };
                        _loaded = true;
                    }
                }
                finally
                {
                    Monitor.Exit(_gate);
                }
            }

            return _items;
        }
        """)]
    [InlineData("LockOnThis", """
        private bool _loaded;
        private List<string> _items = new List<string>();

        public List<string> Items()
        {
            if ({|#0:!_loaded|})
            {
                lock (this)
                {
                    if ({|#1:!_loaded|})
                    {
                        _items = new List<string> { "tea" };
                        _loaded = true;
                    }
                }
            }

            return _items;
        }
        """)]
    [InlineData("IntStateFlag", """
        private readonly object _gate = new object();
        private int _state;
        private List<string> _items = new List<string>();

        public List<string> Items()
        {
            if ({|#0:_state != 2|})
            {
                lock (_gate)
                {
                    if ({|#1:_state != 2|})
                    {
                        _items = new List<string> { "tea" };
                        _state = 2;
                    }
                }
            }

            return _items;
        }
        """)]
    [InlineData("PublishedValueMayBeNull", """
        private readonly object _gate = new object();
        private List<string>? _items;

        public List<string>? Items()
        {
            if (_items == null)
            {
                lock (_gate)
                {
                    if (_items == null)
                    {
                        {|#0:_items = Find()|};
                        {|#1:_items?.Add("tea");|}
                    }
                }
            }

            return _items;
        }

        private static List<string>? Find() => null;
        """)]
    public async Task BlockRewriteWouldNotBeExact_LazyInitializerFixIsNotOffered(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Sample
            {
            {{members}}
            }
            """;

        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = "GRD104.LazyInitializer",
        };
        test.SolutionTransforms.Add(EnableNullable);
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD104").WithLocation(0).WithLocation(1));
        test.FixedState.ExpectedDiagnostics.AddRange(test.ExpectedDiagnostics);
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task DictionaryDoubleCheck_WithTheRuntime_DoubleCheckedCacheFixReplacesTheBlock()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Sessions
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, string> _sessions = new Dictionary<string, string>();

                public string Get(string id)
                {
                    string session;
                    if ({|#0:!_sessions.TryGetValue(id, out session)|})
                    {
                        lock (_gate)
                        {
                            if ({|#1:!_sessions.TryGetValue(id, out session)|})
                            {
                                session = id.ToUpperInvariant();
                                _sessions[id] = session;
                            }
                        }
                    }

                    return session;
                }

                public void End(string id)
                {
                    lock (_gate)
                    {
                        _sessions.Remove(id);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using Guarded;

            public sealed class Sessions
            {
                private readonly object _gate = new object();
                private readonly DoubleCheckedCache<string, string> _sessions = new DoubleCheckedCache<string, string>();

                public string Get(string id)
                {
                    string session = _sessions.GetOrAdd(id, key => key.ToUpperInvariant());

                    return session;
                }

                public void End(string id)
                {
                    lock (_gate)
                    {
                        _sessions.Invalidate(id);
                    }
                }
            }
            """;

        await VerifyNullableCodeFixAsync(
            source,
            fixedSource,
            "GRD104.DoubleCheckedCache",
            Verify.Diagnostic("GRD104").WithLocation(0).WithLocation(1).WithArguments(
                "_sessions",
                "the unlocked check reads '_sessions', which the guarded path does not publish, without volatile or Volatile.Read"));
    }

    [Fact]
    public async Task DictionaryDoubleCheck_GateOnlyForTheBlock_DoubleCheckedCacheFixRemovesTheGate()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Prices
            {
                private readonly Dictionary<int, decimal> _prices = new Dictionary<int, decimal>();
                private readonly object _pricesGate = new object();

                public decimal For(int item)
                {
                    if ({|#0:!_prices.ContainsKey(item)|})
                    {
                        lock (_pricesGate)
                        {
                            if ({|#1:!_prices.ContainsKey(item)|})
                            {
                                _prices[item] = Lookup(item);
                            }
                        }
                    }

                    return Lookup(item);
                }

                private static decimal Lookup(int item) => item * 1.5m;
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using Guarded;

            public sealed class Prices
            {
                private readonly DoubleCheckedCache<int, decimal> _prices = new DoubleCheckedCache<int, decimal>();

                public decimal For(int item)
                {
                    _prices.GetOrAdd(item, key => Lookup(key));

                    return Lookup(item);
                }

                private static decimal Lookup(int item) => item * 1.5m;
            }
            """;

        await VerifyNullableCodeFixAsync(
            source,
            fixedSource,
            "GRD104.DoubleCheckedCache",
            Verify.Diagnostic("GRD104").WithLocation(0).WithLocation(1).WithArguments(
                "_prices",
                "the unlocked check reads '_prices', which the guarded path does not publish, without volatile or Volatile.Read"));
    }

    [Fact]
    public async Task DictionaryDoubleCheck_IndexerReadAfterwards_DoubleCheckedCacheFixIsNotOffered()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Sessions
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, string> _sessions = new Dictionary<string, string>();

                public string Get(string id)
                {
                    if ({|#0:!_sessions.ContainsKey(id)|})
                    {
                        lock (_gate)
                        {
                            if ({|#1:!_sessions.ContainsKey(id)|})
                            {
                                _sessions[id] = id.ToUpperInvariant();
                            }
                        }
                    }

                    return _sessions[id];
                }
            }
            """;

        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = "GRD104.DoubleCheckedCache",
        };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD104").WithLocation(0).WithLocation(1));
        test.FixedState.ExpectedDiagnostics.AddRange(test.ExpectedDiagnostics);
        await test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("CorrectReferenceDoubleCheck", """
        private static Sample? s_instance;

        public static Sample Instance()
        {
            if (s_instance == null)
            {
                lock (s_gate)
                {
                    if (s_instance == null)
                    {
                        s_instance = new Sample();
                    }
                }
            }

            return s_instance;
        }
        """)]
    [InlineData("VolatileFlag", """
        private static volatile bool s_ready;
        private static int s_value;

        public static int Value()
        {
            if (!s_ready)
            {
                lock (s_gate)
                {
                    if (!s_ready)
                    {
                        s_value = 42;
                        s_ready = true;
                    }
                }
            }

            return s_value;
        }
        """)]
    [InlineData("VolatileRead", """
        private static bool s_ready;
        private static int s_value;

        public static int Value()
        {
            if (!Volatile.Read(ref s_ready))
            {
                lock (s_gate)
                {
                    if (!Volatile.Read(ref s_ready))
                    {
                        s_value = 42;
                        Volatile.Write(ref s_ready, true);
                    }
                }
            }

            return s_value;
        }
        """)]
    [InlineData("FullyLocked", """
        private static bool s_ready;

        public static void Ready()
        {
            lock (s_gate)
            {
                if (!s_ready)
                {
                    s_ready = true;
                }
            }
        }
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System.Threading;

            public sealed class Sample
            {
                private static readonly object s_gate = new object();

            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    /// <summary>Checks the fix with <paramref name="equivalenceKey"/> in a nullable-enabled project, as the runtime fixes' users write it.</summary>
    private static async Task VerifyNullableCodeFixAsync(string source, string fixedSource, string equivalenceKey, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        test.SolutionTransforms.Add(EnableNullable);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    private static Solution EnableNullable(Solution solution, ProjectId projectId)
    {
        var options = (CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
        return solution.WithProjectCompilationOptions(projectId, options.WithNullableContextOptions(NullableContextOptions.Enable));
    }
}
