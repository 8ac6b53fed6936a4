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
            Verify.Diagnostic("GRD103").WithLocation(0).WithLocation(1).WithArguments("_prices", "_prices == null", "Load()"));
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
            Verify.Diagnostic("GRD103").WithLocation(0).WithLocation(1).WithArguments("s_gate", "s_gate ??= new object()", "new object()"));
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
            Verify.Diagnostic("GRD103").WithLocation(0).WithLocation(1).WithArguments("_client", "_client", "new HttpClient()"));
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
}
