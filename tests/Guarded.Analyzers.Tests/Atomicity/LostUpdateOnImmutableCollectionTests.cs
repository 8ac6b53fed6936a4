using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Atomicity.LostUpdateOnImmutableCollectionAnalyzer,
    Guarded.CodeFixes.Atomicity.LostUpdateOnImmutableCollectionFixer>;

namespace Guarded.Analyzers.Tests.Atomicity;

public sealed class LostUpdateOnImmutableCollectionTests
{
    [Fact]
    public async Task AddAndRemoveOnAnImmutableField_FixUsesImmutableInterlocked()
    {
        const string source = """
            using System.Collections.Immutable;
            using System.Threading;

            public sealed class Subscribers
            {
                private ImmutableDictionary<string, int> _subscribers = ImmutableDictionary<string, int>.Empty;
                private ImmutableList<string> _log = ImmutableList<string>.Empty;
                private int _version;

                public void Subscribe(string id, int priority)
                {
                    {|#0:_subscribers = _subscribers.SetItem(id, priority)|};
                    {|#1:this._log = this._log.Add("subscribed " + id)|}; // audit trail
                    Interlocked.Increment(ref _version);
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Immutable;
            using System.Threading;

            public sealed class Subscribers
            {
                private ImmutableDictionary<string, int> _subscribers = ImmutableDictionary<string, int>.Empty;
                private ImmutableList<string> _log = ImmutableList<string>.Empty;
                private int _version;

                public void Subscribe(string id, int priority)
                {
                    ImmutableInterlocked.Update(ref _subscribers, subscribers => subscribers.SetItem(id, priority));
                    ImmutableInterlocked.Update(ref _log, log => log.Add("subscribed " + id)); // audit trail
                    Interlocked.Increment(ref _version);
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD106").WithLocation(0).WithArguments("_subscribers", "_subscribers.SetItem(id, priority)", "no guard protects '_subscribers' anywhere in Subscribers"),
            Verify.Diagnostic("GRD106").WithLocation(1).WithArguments("_log", "this._log.Add(\"subscribed \" + id)", "no guard protects '_log' anywhere in Subscribers"));
    }

    [Fact]
    public async Task StaticRouteTable_GuardedElsewhere_GuardFixReusesTheLock()
    {
        const string source = """
            using System.Collections.Immutable;

            public static class Routes
            {
                private static readonly object s_gate = new object();
                private static ImmutableHashSet<string> s_routes = ImmutableHashSet<string>.Empty;

                public static void Clear()
                {
                    lock (s_gate)
                    {
                        s_routes = {|#1:s_routes|}.Clear();
                    }
                }

                public static void Register(string route)
                {
                    {|#0:s_routes = s_routes.Add(route)|};
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Immutable;

            public static class Routes
            {
                private static readonly object s_gate = new object();
                private static ImmutableHashSet<string> s_routes = ImmutableHashSet<string>.Empty;

                public static void Clear()
                {
                    lock (s_gate)
                    {
                        s_routes = s_routes.Clear();
                    }
                }

                public static void Register(string route)
                {
                    lock (s_gate)
                    {
                        s_routes = s_routes.Add(route);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD106.Guard",
            Verify.Diagnostic("GRD106").WithLocation(0).WithLocation(1).WithArguments("s_routes", "s_routes.Add(route)", "elsewhere 's_routes' is guarded by lock (s_gate) (in Clear)"));
    }

    [Theory]
    [InlineData("AlreadyImmutableInterlocked", """
        private ImmutableList<int> _items = ImmutableList<int>.Empty;

        public void Add(int item) => ImmutableInterlocked.Update(ref _items, items => items.Add(item));
        """)]
    [InlineData("UnderTheLock", """
        private readonly object _gate = new object();
        private ImmutableList<int> _items = ImmutableList<int>.Empty;

        public void Add(int item) { lock (_gate) { _items = _items.Add(item); } }
        """)]
    [InlineData("ReplacedWithoutReadingTheOldValue", """
        private readonly object _gate = new object();
        private ImmutableList<int> _items = ImmutableList<int>.Empty;

        public void Reset() => _items = ImmutableList<int>.Empty;
        """)]
    [InlineData("Constructor", """
        private readonly object _gate = new object();
        private ImmutableList<int> _items = ImmutableList<int>.Empty;

        public Sample(int first) { _items = _items.Add(first); }
        """)]
    [InlineData("NoConcurrencyIntent", """
        private ImmutableList<int> _items = ImmutableList<int>.Empty;

        public void Add(int item) => _items = _items.Add(item);
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System.Collections.Immutable;

            public sealed class Sample
            {
            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
