using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Atomicity.AtomicResultIgnoredAnalyzer,
    Guarded.CodeFixes.Atomicity.AtomicResultIgnoredFixer>;

namespace Guarded.Analyzers.Tests.Atomicity;

public sealed class AtomicResultIgnoredTests
{
    [Fact]
    public async Task IncrementThenReturnTheField_ReportsAndReturnsTheResult()
    {
        const string source = """
            using System.Threading;

            public sealed class TicketCounter
            {
                private long _next;

                public long Take()
                {
                    // Hand out the next ticket.
                    {|#0:Interlocked.Increment(ref _next)|};
                    return {|#1:_next|};
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public sealed class TicketCounter
            {
                private long _next;

                public long Take()
                {
                    // Hand out the next ticket.
                    return Interlocked.Increment(ref _next);
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD108").WithLocation(0).WithLocation(1)
                .WithArguments("_next", "Interlocked.Increment(ref _next)", "after it", "_next", "Interlocked.Increment"));
    }

    [Fact]
    public async Task IndexReadBeforeASeparateAdd_ReportsWithoutAFix()
    {
        const string source = """
            using System.Threading;

            public sealed class RoundRobin
            {
                private readonly string[] _routes = { "a", "b" };
                private int _index;

                public string Next()
                {
                    var route = _routes[{|#1:_index|} % _routes.Length];
                    {|#0:Interlocked.Add(ref _index, 1)|};
                    return route;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD108").WithLocation(0).WithLocation(1)
                .WithArguments("_index", "Interlocked.Add(ref _index, 1)", "before it", "_index", "Interlocked.Add"));
    }

    [Fact]
    public async Task IndexKeptInALocalThatPicksTheRoute_Reports()
    {
        const string source = """
            using System.Threading;

            public sealed class RoundRobin
            {
                private readonly string[] _routes = { "a", "b" };
                private int _index;

                public void Send(System.Action<string> send)
                {
                    var i = {|#1:_index|} % _routes.Length;
                    var route = _routes[i];
                    {|#0:Interlocked.Add(ref _index, 1)|};
                    send(route);
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD108").WithLocation(0).WithLocation(1)
                .WithArguments("_index", "Interlocked.Add(ref _index, 1)", "before it", "_index", "Interlocked.Add"));
    }

    [Fact]
    public async Task CompareExchangeWithAStaleLocal_Reports()
    {
        const string source = """
            using System;
            using System.Threading;

            public sealed class Owner : IDisposable
            {
                private int _disposed;

                public void Dispose()
                {
                    var was = {|#1:_disposed|};
                    {|#0:Interlocked.CompareExchange(ref _disposed, 1, was)|};
                    if (was == 0)
                    {
                        Console.WriteLine("released");
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD108").WithLocation(0).WithLocation(1)
                .WithArguments("_disposed", "Interlocked.CompareExchange(ref _disposed, 1, was)", "before it", "_disposed", "Interlocked.CompareExchange"));
    }

    [Fact]
    public async Task VolatileReadAfterTheUpdate_CountsAsASeparateRead()
    {
        const string source = """
            using System.Threading;

            public sealed class Gauge
            {
                private int _level;

                public bool Raise()
                {
                    {|#0:Interlocked.Increment(ref _level)|};
                    if ({|#1:Volatile.Read(ref _level)|} > 10)
                    {
                        return false;
                    }

                    return true;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD108").WithLocation(0).WithLocation(1)
                .WithArguments("_level", "Interlocked.Increment(ref _level)", "after it", "Volatile.Read(ref _level)", "Interlocked.Increment"));
    }

    [Theory]
    [InlineData("ResultReturned", """
        public long Take() => Interlocked.Increment(ref _next);
        """)]
    [InlineData("ResultDecides", """
        public bool Close() => Interlocked.Exchange(ref _state, 1) == 0;
        """)]
    [InlineData("ReadOnlyPrinted", """
        public void Take()
        {
            Interlocked.Increment(ref _next);
            System.Console.WriteLine(_next);
        }
        """)]
    [InlineData("UpdateAndReadUnderOneLock", """
        private readonly object _gate = new object();

        public long Take()
        {
            lock (_gate)
            {
                Interlocked.Increment(ref _next);
                return _next;
            }
        }
        """)]
    [InlineData("ReadInAnotherMember", """
        public void Take() => Interlocked.Increment(ref _next);

        public long Peek() => _next;
        """)]
    [InlineData("CreationOnFirstUseAgainstNull", """
        private object? _syncRoot;

        public object SyncRoot
        {
            get
            {
                if (_syncRoot == null)
                {
                    Interlocked.CompareExchange(ref _syncRoot, new object(), null);
                }

                return _syncRoot;
            }
        }
        """)]
    [InlineData("ReleaseInFinallyAfterTheCheck", """
        public void Run(System.Action work)
        {
            if (Interlocked.Increment(ref _state) > 4)
            {
                Interlocked.Decrement(ref _state);
                return;
            }

            try
            {
                work();
            }
            finally
            {
                Interlocked.Decrement(ref _state);
            }
        }
        """)]
    [InlineData("UpdateEndsTheBranchTheReadDecided", """
        public void Reset()
        {
            if (_state < 0)
            {
                Interlocked.Exchange(ref _state, 0);
            }
        }
        """)]
    [InlineData("ComparandLocalNotUsedAfterTheUpdate", """
        private int[] _shared = new int[1];
        private int[] _original = new int[1];

        public int[] Snapshot()
        {
            var original = _original;
            if (original == _shared)
            {
                Interlocked.CompareExchange(ref _original, (int[])original.Clone(), original);
            }

            return _shared;
        }
        """)]
    [InlineData("StateReadAfterAnExchange", """
        public bool Expired(long stamp)
        {
            Interlocked.Exchange(ref _next, 0L);
            return stamp <= _next;
        }
        """)]
    [InlineData("BenignRaceOnTheMember", """
        [BenignRace("a gauge for the status page")]
        public long Take()
        {
            Interlocked.Increment(ref _next);
            return _next;
        }
        """)]
    public async Task ResultUsedOrReadElsewhere_NoDiagnostic(string name, string members)
    {
        _ = name;
        var source = $$"""
            using System.Threading;

            public sealed class BenignRaceAttribute : System.Attribute
            {
                public BenignRaceAttribute(string why) { }
            }

            public sealed class Counter
            {
                private long _next;
                private int _state;

            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
