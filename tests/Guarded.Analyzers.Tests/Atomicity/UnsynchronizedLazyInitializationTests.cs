using System.Threading;
using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Atomicity.UnsynchronizedLazyInitializationAnalyzer,
    Guarded.CodeFixes.Atomicity.UnsynchronizedLazyInitializationFixer>;

namespace Guarded.Analyzers.Tests.Atomicity;

public sealed class UnsynchronizedLazyInitializationTests
{
    [Fact]
    public async Task IfNullThenAssign_FixUsesLazyInitializer()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public sealed class Catalog
            {
                private Dictionary<string, decimal>? _prices;

                public Task Refresh() => Task.Run(() => Prices());

                public Dictionary<string, decimal> Prices()
                {
                    // Loaded on first use.
                    if ({|#0:_prices == null|})
                    {
                        {|#1:_prices = Load()|};
                    }

                    return _prices;
                }

                private static Dictionary<string, decimal> Load() => new Dictionary<string, decimal> { ["tea"] = 2.5m };
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Catalog
            {
                private Dictionary<string, decimal>? _prices;

                public Task Refresh() => Task.Run(() => Prices());

                public Dictionary<string, decimal> Prices()
                {
                    // Loaded on first use.
                    LazyInitializer.EnsureInitialized(ref _prices, () => Load());

                    return _prices;
                }

                private static Dictionary<string, decimal> Load() => new Dictionary<string, decimal> { ["tea"] = 2.5m };
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD103").WithLocation(0).WithLocation(1).WithArguments("_prices", "_prices = Load()", " after the check '_prices == null'", "Load()"));
    }

    [Fact]
    public async Task LazilyCreatedLock_FixMovesItToAReadonlyFieldInitializer()
    {
        const string source = """
            public sealed class Journal
            {
                private static object? s_gate;
                private static int s_entries;

                public static void Append()
                {
                    lock ({|#0:{|#1:s_gate ??= new object()|}|})
                    {
                        s_entries = s_entries + 1;
                    }
                }
            }
            """;

        const string fixedSource = """
            public sealed class Journal
            {
                private static readonly object s_gate = new object();
                private static int s_entries;

                public static void Append()
                {
                    lock (s_gate)
                    {
                        s_entries = s_entries + 1;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD103.FieldInitializer",
            Verify.Diagnostic("GRD103").WithLocation(0).WithLocation(1).WithArguments("s_gate", "s_gate ??= new object()", "", "new object()"));
    }

    [Fact]
    public async Task CoalesceWithAssignment_FixUsesLazyInitializer()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading;

            public sealed class Gateway
            {
                private HttpClient? _client;
                private int _calls;

                public HttpClient Client()
                {
                    Interlocked.Increment(ref _calls);
                    return {|#0:_client ?? ({|#1:_client = new HttpClient()|})|};
                }
            }
            """;

        const string fixedSource = """
            using System.Net.Http;
            using System.Threading;

            public sealed class Gateway
            {
                private HttpClient? _client;
                private int _calls;

                public HttpClient Client()
                {
                    Interlocked.Increment(ref _calls);
                    return LazyInitializer.EnsureInitialized(ref _client, () => new HttpClient());
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD103.LazyInitializer",
            Verify.Diagnostic("GRD103").WithLocation(0).WithLocation(1).WithArguments("_client", "_client = new HttpClient()", "", "new HttpClient()"));
    }

    [Fact]
    public async Task IfNullThenAssign_LazyFix_MakesTheFieldALazyAndReadsItsValue()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public sealed class Catalog
            {
                private Dictionary<string, decimal>? _prices;

                public Task Refresh() => Task.Run(() => Prices());

                public Dictionary<string, decimal> Prices()
                {
                    // Loaded on first use.
                    if ({|#0:_prices == null|})
                    {
                        {|#1:_prices = Load()|};
                    }

                    return _prices;
                }

                public decimal Price(string item) => Prices()[item] + _prices.Count * 0m;

                private static Dictionary<string, decimal> Load() => new Dictionary<string, decimal> { ["tea"] = 2.5m };
            }
            """;

        // ExecutionAndPublication (the default): Load runs once, however many threads ask first.
        const string fixedSource = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public sealed class Catalog
            {
                private readonly Lazy<Dictionary<string, decimal>> _prices = new Lazy<Dictionary<string, decimal>>(() => Load());

                public Task Refresh() => Task.Run(() => Prices());

                public Dictionary<string, decimal> Prices()
                {
                    // Loaded on first use.
                    return _prices.Value;
                }

                public decimal Price(string item) => Prices()[item] + _prices.Value.Count * 0m;

                private static Dictionary<string, decimal> Load() => new Dictionary<string, decimal> { ["tea"] = 2.5m };
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD103.Lazy",
            Verify.Diagnostic("GRD103").WithLocation(0).WithLocation(1).WithArguments("_prices", "_prices = Load()", " after the check '_prices == null'", "Load()"));
    }

    [Fact]
    public async Task StaticCoalesceAssignmentInAGetter_LazyFix_TheGetterReadsTheValue()
    {
        const string source = """
            using System;
            using System.Threading.Tasks;

            public static class GeoLookup
            {
                private static GeoClient? s_client;

                public static GeoClient Client => {|#0:s_client ??= new GeoClient(new Uri("https://geo.example"), timeout: TimeSpan.FromSeconds(5))|};

                public static Task<string> LocateAsync(string ip) => Task.Run(() => Client.Locate(ip));
            }

            public sealed class GeoClient
            {
                public GeoClient(Uri endpoint, TimeSpan timeout) => Endpoint = endpoint;

                public Uri Endpoint { get; }

                public string Locate(string ip) => Endpoint + "?ip=" + ip;
            }
            """;

        const string fixedSource = """
            using System;
            using System.Threading.Tasks;

            public static class GeoLookup
            {
                private static readonly Lazy<GeoClient> s_client = new Lazy<GeoClient>(() => new GeoClient(new Uri("https://geo.example"), timeout: TimeSpan.FromSeconds(5)));

                public static GeoClient Client => s_client.Value;

                public static Task<string> LocateAsync(string ip) => Task.Run(() => Client.Locate(ip));
            }

            public sealed class GeoClient
            {
                public GeoClient(Uri endpoint, TimeSpan timeout) => Endpoint = endpoint;

                public Uri Endpoint { get; }

                public string Locate(string ip) => Endpoint + "?ip=" + ip;
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD103.Lazy",
            Verify.Diagnostic("GRD103").WithLocation(0).WithLocation(0).WithArguments("s_client", "s_client ??= new GeoClient(new Uri(\"https://geo.example\"), timeout: TimeSpan.FromSeconds(5))", "", "new GeoClient(new Uri(\"https://geo.example\"), timeout: TimeSpan.FromSeconds(5))"));
    }

    [Fact]
    public async Task TwoLazyFields_FixAllMakesBothLazy()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Text;
            using System.Threading.Tasks;

            public sealed class Exporter
            {
                private List<string>? _columns;
                private StringBuilder? _header;

                public Task ExportAsync(IEnumerable<string> rows) => Task.Run(() => Export(rows));

                private void Export(IEnumerable<string> rows)
                {
                    var columns = {|#0:_columns ?? ({|#1:_columns = new List<string> { "id", "name" }|})|};
                    {|#2:_header ??= new StringBuilder("#")|};
                    foreach (var row in rows)
                    {
                        System.Console.WriteLine(_header.ToString() + string.Join(",", columns) + row);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Generic;
            using System.Text;
            using System.Threading.Tasks;

            public sealed class Exporter
            {
                private readonly Lazy<List<string>> _columns = new Lazy<List<string>>(() => new List<string> { "id", "name" });
                private readonly Lazy<StringBuilder> _header = new Lazy<StringBuilder>(() => new StringBuilder("#"));

                public Task ExportAsync(IEnumerable<string> rows) => Task.Run(() => Export(rows));

                private void Export(IEnumerable<string> rows)
                {
                    var columns = _columns.Value;
                    foreach (var row in rows)
                    {
                        System.Console.WriteLine(_header.Value.ToString() + string.Join(",", columns) + row);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD103.Lazy",
            Verify.Diagnostic("GRD103").WithLocation(0).WithLocation(1).WithArguments("_columns", "_columns = new List<string> { \"id\", \"name\" }", "", "new List<string> { \"id\", \"name\" }"),
            Verify.Diagnostic("GRD103").WithLocation(2).WithLocation(2).WithArguments("_header", "_header ??= new StringBuilder(\"#\")", "", "new StringBuilder(\"#\")"));
    }

    [Theory]
    [InlineData("FactoryUsesTheInstance", """
        private List<int>? _items;
        private int _capacity = 4;

        public List<int> Items() { if ({|#0:_items == null|}) { {|#1:_items = new List<int>(_capacity)|}; } return _items; }
        """)]
    [InlineData("FactoryUsesAParameter", """
        private List<int>? _items;

        public List<int> Items(int capacity) { if ({|#0:_items == null|}) { {|#1:_items = new List<int>(capacity)|}; } return _items; }
        """)]
    [InlineData("ResetToNull", """
        private List<int>? _items;

        public List<int> Items() { if ({|#0:_items == null|}) { {|#1:_items = new List<int>()|}; } return _items; }

        public void Reset() => _items = null;
        """)]
    [InlineData("TestedForNullElsewhere", """
        private List<int>? _items;

        public List<int> Items() { if ({|#0:_items == null|}) { {|#1:_items = new List<int>()|}; } return _items; }

        public void Clear() => _items?.Clear();
        """)]
    [InlineData("TwoSitesWithDifferentValues", """
        private List<int>? _items;

        public List<int> Items() { if ({|#0:_items == null|}) { {|#1:_items = new List<int>()|}; } return _items; }

        public List<int> Large() { if ({|#2:_items == null|}) { {|#3:_items = new List<int>(1024)|}; } return _items; }
        """)]
    [InlineData("NotPrivate", """
        internal List<int>? _items;

        public List<int> Items() { if ({|#0:_items == null|}) { {|#1:_items = new List<int>()|}; } return _items; }
        """)]
    public async Task LazyRewriteWouldNotBeExact_LazyFixIsNotOffered(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;

            [AttributeUsage(AttributeTargets.Class)]
            public sealed class ThreadSafeAttribute : Attribute { }

            [ThreadSafe]
            public sealed class Sample
            {
                public Task Start() => Task.Run(() => { });

            {{members}}
            }
            """;

        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = "GRD103.Lazy",
        };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD103").WithLocation(0).WithLocation(1));
        if (name == "TwoSitesWithDifferentValues")
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD103").WithLocation(2).WithLocation(3));
        }

        test.FixedState.ExpectedDiagnostics.AddRange(test.ExpectedDiagnostics);
        await test.RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("CorrectDoubleCheckedLocking", """
        private readonly object _gate = new object();
        private List<int>? _items;

        public List<int> Items()
        {
            if (_items == null)
            {
                lock (_gate)
                {
                    if (_items == null)
                    {
                        _items = new List<int>();
                    }
                }
            }

            return _items;
        }
        """)]
    [InlineData("UnderTheLock", """
        private readonly object _gate = new object();
        private List<int>? _items;

        public List<int> Items()
        {
            lock (_gate)
            {
                return _items ??= new List<int>();
            }
        }
        """)]
    [InlineData("Constructor", """
        private readonly object _gate = new object();
        private List<int>? _items;

        public Sample() { if (_items == null) { _items = new List<int>(); } }
        """)]
    [InlineData("Local", """
        private readonly object _gate = new object();

        public List<int> Make(List<int>? items) { items ??= new List<int>(); return items; }
        """)]
    [InlineData("NoConcurrencyIntent", """
        private List<int>? _items;

        public List<int> Items() => _items ??= new List<int>();
        """)]
    [InlineData("ValueTypeDefault", """
        private readonly object _gate = new object();
        private int _size;

        public int Size() { if (_size == 0) { _size = 16; } return _size; }
        """)]
    [InlineData("ThreadLocalState", """
        private readonly object _gate = new object();
        [ThreadStatic] private static List<int>? t_buffer;

        public List<int> Buffer() => t_buffer ??= new List<int>();
        """)]
    [InlineData("IfWithElse", """
        private readonly object _gate = new object();
        private List<int>? _items;

        public void Reset(bool keep) { if (_items == null) { _items = new List<int>(); } else if (!keep) { lock (_gate) { _items.Clear(); } } }
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Sample
            {
            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task InterchangeableValues_AreNotReported()
    {
        const string source = """
            using System;
            using System.Reflection;
            using System.Threading;

            public static class Names
            {
                private static string? s_host;
                private static int? s_cores;
                private static MethodInfo? s_trim;
                private static Func<string, string>? s_upper;

                public static string Host => s_host ??= Environment.MachineName.ToLowerInvariant();

                public static int Cores() { if (s_cores == null) { s_cores = Environment.ProcessorCount; } return s_cores.Value; }

                public static MethodInfo Trim => s_trim ??= typeof(string).GetMethod("Trim", Type.EmptyTypes)!;

                public static string Upper(string value) => (s_upper ??= v => v.ToUpperInvariant())(value);
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task InstanceFieldOnlyTheTypesIntentShares_IsNotReported_ButOneTouchedByConcurrentWorkIs()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public sealed class Session
            {
                private List<string>? _notes;
                private List<string>? _events;

                public Task FlushLater() => Task.Run(() => Record("flushed"));

                public void Note(string note)
                {
                    _notes ??= new List<string>();
                    _notes.Add(note);
                }

                public void Record(string name)
                {
                    {|#0:_events ??= new List<string>()|};
                    _events.Add(name);
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source, Verify.Diagnostic("GRD103").WithLocation(0).WithLocation(0));
    }
}
