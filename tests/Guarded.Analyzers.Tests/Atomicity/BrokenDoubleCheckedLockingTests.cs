using System.Threading.Tasks;
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
}
