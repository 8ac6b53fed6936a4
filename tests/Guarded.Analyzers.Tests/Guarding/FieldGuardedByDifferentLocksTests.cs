using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Guarding.FieldGuardedByDifferentLocksAnalyzer,
    Guarded.CodeFixes.Guarding.FieldGuardedByDifferentLocksFixer>;

namespace Guarded.Analyzers.Tests.Guarding;

public sealed class FieldGuardedByDifferentLocksTests
{
    [Fact]
    public async Task MinorityLockTouchingOnlyTheField_IsRewrittenToTheDominantGuard()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Orders
            {
                private readonly object _gate = new object();
                private readonly object _statsGate = new object();
                private readonly List<string> _open = new List<string>();

                public void Place(string id)
                {
                    lock (_gate)
                    {
                        {|#1:_open|}.Add(id);
                    }
                }

                public void Complete(string id)
                {
                    lock (_gate)
                    {
                        _open.Remove(id);
                    }
                }

                public int OpenCount()
                {
                    lock ({|#2:_statsGate|})
                    {
                        return {|#0:_open|}.Count;
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;

            public sealed class Orders
            {
                private readonly object _gate = new object();
                private readonly object _statsGate = new object();
                private readonly List<string> _open = new List<string>();

                public void Place(string id)
                {
                    lock (_gate)
                    {
                        _open.Add(id);
                    }
                }

                public void Complete(string id)
                {
                    lock (_gate)
                    {
                        _open.Remove(id);
                    }
                }

                public int OpenCount()
                {
                    lock (_gate)
                    {
                        return _open.Count;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD204").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("_open", "lock (_statsGate)", "lock (_gate)", "Place"));
    }

    [Fact]
    public async Task MinorityLockThatAlsoGuardsAnotherField_ReportsWithoutAFix()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Orders
            {
                private readonly object _gate = new object();
                private readonly object _statsGate = new object();
                private readonly List<string> _open = new List<string>();
                private int _queries;

                public void Place(string id)
                {
                    lock (_gate)
                    {
                        {|#1:_open|}.Add(id);
                    }
                }

                public void Complete(string id)
                {
                    lock (_gate)
                    {
                        _open.Remove(id);
                    }
                }

                public int OpenCount()
                {
                    lock ({|#2:_statsGate|})
                    {
                        _queries++;
                        return {|#0:_open|}.Count;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD204").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("_open", "lock (_statsGate)", "lock (_gate)", "Place"));
    }

    [Fact]
    public async Task MonitorRegionUnderAnotherObject_ReportsWithoutAFix()
    {
        const string source = """
            using System.Threading;

            public sealed class Counter
            {
                private readonly object _gate = new object();
                private readonly object _other = new object();
                private int _value;

                public void Add(int amount)
                {
                    lock (_gate)
                    {
                        {|#1:_value|} += amount;
                    }
                }

                public void Reset()
                {
                    lock (_gate)
                    {
                        _value = 0;
                    }
                }

                public int Read()
                {
                    Monitor.Enter(_other);
                    try
                    {
                        return {|#0:_value|};
                    }
                    finally
                    {
                        Monitor.Exit(_other);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD204").WithLocation(0).WithLocation(1).WithArguments("_value", "Monitor.Enter(_other)", "lock (_gate)", "Add"));
    }

    [Theory]
    [InlineData("OneGuardEverywhere", """
        private readonly object _gate = new object();
        private int _count;

        public void Bump() { lock (_gate) { _count++; } }
        public int Read() { lock (_gate) { return _count; } }
        """)]
    [InlineData("NestedLocksHoldingTheDominantGuard", """
        private readonly object _gate = new object();
        private readonly object _inner = new object();
        private int _count;

        public void Bump() { lock (_gate) { _count++; } }
        public void Reset() { lock (_gate) { _count = 0; } }
        public int Read() { lock (_gate) { lock (_inner) { return _count; } } }
        """)]
    [InlineData("OnlyReadAfterConstruction", """
        private readonly object _gate = new object();
        private readonly object _other = new object();
        private readonly string _name;

        public Sample(string name) { _name = name; }
        public string A() { lock (_gate) { return _name; } }
        public string B() { lock (_other) { return _name; } }
        """)]
    [InlineData("UnguardedAccessIsLeftToGrd201", """
        private readonly object _gate = new object();
        private int _count;

        public void Bump() { lock (_gate) { _count++; } }
        public int Read() => _count;
        """)]
    [InlineData("ReadAndWriteSectionsOfOneLock", """
        private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
        private int _count;

        public void Bump() { _lock.EnterWriteLock(); try { _count++; } finally { _lock.ExitWriteLock(); } }
        public int Read() { _lock.EnterReadLock(); try { return _count; } finally { _lock.ExitReadLock(); } }
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System.Threading;

            public sealed class Sample
            {
            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
