using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Guarding.AnnotatedGuardNotHeldAnalyzer,
    Guarded.CodeFixes.Guarding.AnnotatedGuardNotHeldFixer>;

namespace Guarded.Analyzers.Tests.Guarding;

public sealed class AnnotatedGuardNotHeldTests
{
    // Same-named annotations from the user's own namespace: the analyzers match them by simple name.
    private const string Annotations = """

        namespace Acme.Annotations
        {
            [System.AttributeUsage(System.AttributeTargets.Field)]
            public sealed class GuardedByAttribute : System.Attribute { public GuardedByAttribute(string guard) { } }

            [System.AttributeUsage(System.AttributeTargets.Method | System.AttributeTargets.Property)]
            public sealed class RequiresGuardAttribute : System.Attribute { public RequiresGuardAttribute(string guard) { } }
        }
        """;

    [Fact]
    public async Task GuardedByFieldReadWithoutItsGuard_ReportsAndTakesTheLock()
    {
        const string source = """
            using System.Collections.Generic;
            using Acme.Annotations;

            public sealed class Subscribers
            {
                private readonly object _gate = new object();

                [{|#1:GuardedBy(nameof(_gate))|}]
                private readonly List<string> _names = new List<string>();

                public void Subscribe(string name)
                {
                    lock (_gate)
                    {
                        _names.Add(name);
                    }
                }

                public bool IsSubscribed(string name)
                {
                    return {|#0:_names|}.Contains(name);
                }
            }
            """ + Annotations;

        const string fixedSource = """
            using System.Collections.Generic;
            using Acme.Annotations;

            public sealed class Subscribers
            {
                private readonly object _gate = new object();

                [GuardedBy(nameof(_gate))]
                private readonly List<string> _names = new List<string>();

                public void Subscribe(string name)
                {
                    lock (_gate)
                    {
                        _names.Add(name);
                    }
                }

                public bool IsSubscribed(string name)
                {
                    lock (_gate)
                    {
                        return _names.Contains(name);
                    }
                }
            }
            """ + Annotations;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD203").WithLocation(0).WithLocation(1).WithArguments("_names", "read", "_gate", "GuardedBy"));
    }

    [Fact]
    public async Task GuardedByFieldReadInAnExpressionBodiedProperty_FixGivesItAGetterAndTakesTheLock()
    {
        const string source = """
            using System.Collections.Generic;
            using Acme.Annotations;

            public sealed class Subscribers
            {
                private readonly object _gate = new object();

                [{|#1:GuardedBy(nameof(_gate))|}]
                private readonly List<string> _names = new List<string>();

                public int Count => {|#0:_names|}.Count;
            }
            """ + Annotations;

        const string fixedSource = """
            using System.Collections.Generic;
            using Acme.Annotations;

            public sealed class Subscribers
            {
                private readonly object _gate = new object();

                [GuardedBy(nameof(_gate))]
                private readonly List<string> _names = new List<string>();

                public int Count
                {
                    get
                    {
                        lock (_gate)
                        {
                            return _names.Count;
                        }
                    }
                }
            }
            """ + Annotations;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD203").WithLocation(0).WithLocation(1).WithArguments("_names", "read", "_gate", "GuardedBy"));
    }

    [Fact]
    public async Task RequiresGuardHelper_IsGuardedInside_AndCheckedAtEveryCallSite()
    {
        const string source = """
            using System.Collections.Generic;
            using Acme.Annotations;

            public sealed class Journal
            {
                private readonly object _gate = new object();

                [GuardedBy(nameof(_gate))]
                private readonly List<string> _pending = new List<string>();

                public void Write(string line)
                {
                    lock (_gate)
                    {
                        _pending.Add(line);
                        FlushIfFull();
                    }
                }

                public void Close()
                {
                    {|#0:FlushIfFull()|};
                }

                [{|#1:RequiresGuard(nameof(_gate))|}]
                private void FlushIfFull()
                {
                    if (_pending.Count > 100)
                    {
                        Clear();
                    }
                }

                private void Clear() => _pending.Clear();
            }
            """ + Annotations;

        const string fixedSource = """
            using System.Collections.Generic;
            using Acme.Annotations;

            public sealed class Journal
            {
                private readonly object _gate = new object();

                [GuardedBy(nameof(_gate))]
                private readonly List<string> _pending = new List<string>();

                public void Write(string line)
                {
                    lock (_gate)
                    {
                        _pending.Add(line);
                        FlushIfFull();
                    }
                }

                public void Close()
                {
                    lock (_gate)
                    {
                        FlushIfFull();
                    }
                }

                [RequiresGuard(nameof(_gate))]
                private void FlushIfFull()
                {
                    if (_pending.Count > 100)
                    {
                        Clear();
                    }
                }

                private void Clear() => _pending.Clear();
            }
            """ + Annotations;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD203").WithLocation(0).WithLocation(1).WithArguments("FlushIfFull", "called", "_gate", "RequiresGuard"));
    }

    [Fact]
    public async Task SemaphoreGuardInAsyncCode_FixAwaitsTheSemaphore()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;
            using Acme.Annotations;

            public sealed class Counter
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);

                [{|#1:GuardedBy(nameof(_mutex))|}]
                private int _value;

                public async Task IncrementAsync()
                {
                    await Task.Yield();
                    {|#0:_value|}++;
                }
            }
            """ + Annotations;

        const string fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;
            using Acme.Annotations;

            public sealed class Counter
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);

                [GuardedBy(nameof(_mutex))]
                private int _value;

                public async Task IncrementAsync()
                {
                    await Task.Yield();
                    await _mutex.WaitAsync();
                    try
                    {
                        _value++;
                    }
                    finally
                    {
                        _mutex.Release();
                    }
                }
            }
            """ + Annotations;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD203").WithLocation(0).WithLocation(1).WithArguments("_value", "written", "_mutex", "GuardedBy"));
    }

    [Fact]
    public async Task ReaderWriterLockGuard_ReadTakesAReadSection_WriteTakesAWriteSection()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;
            using Acme.Annotations;

            public sealed class Menu
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();

                [{|#2:GuardedBy(nameof(_lock))|}]
                private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();

                public decimal Price(string item)
                {
                    return {|#0:_prices|}[item];
                }

                public void Reprice(string item, decimal price)
                {
                    {|#1:_prices|}[item] = price;
                }
            }
            """ + Annotations;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;
            using Acme.Annotations;

            public sealed class Menu
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();

                [GuardedBy(nameof(_lock))]
                private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();

                public decimal Price(string item)
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

                public void Reprice(string item, decimal price)
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
            }
            """ + Annotations;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD203").WithLocation(0).WithLocation(2).WithArguments("_prices", "read", "_lock", "GuardedBy"),
            Verify.Diagnostic("GRD203").WithLocation(1).WithLocation(2).WithArguments("_prices", "written", "_lock", "GuardedBy"));
    }

    [Fact]
    public async Task InterlockedAccessOfAGuardedByField_IsReported_TheAnnotationIsTheContract()
    {
        const string source = """
            using System.Threading;
            using Acme.Annotations;

            public sealed class Stats
            {
                private readonly object _gate = new object();

                [{|#1:GuardedBy(nameof(_gate))|}]
                private int _hits;

                public void Hit()
                {
                    Interlocked.Increment(ref {|#0:_hits|});
                }
            }
            """ + Annotations;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD203").WithLocation(0).WithLocation(1).WithArguments("_hits", "accessed", "_gate", "GuardedBy"));
    }

    [Fact]
    public async Task LambdaHandedToTaskRunInsideTheLock_DoesNotHoldIt()
    {
        const string source = """
            using System.Threading.Tasks;
            using Acme.Annotations;

            public sealed class Poller
            {
                private readonly object _gate = new object();

                [{|#1:GuardedBy(nameof(_gate))|}]
                private int _ticks;

                public Task Start()
                {
                    lock (_gate)
                    {
                        _ticks = 0;
                        return Task.Run(() => {|#0:_ticks|}++);
                    }
                }
            }
            """ + Annotations;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD203").WithLocation(0).WithLocation(1).WithArguments("_ticks", "written", "_gate", "GuardedBy"));
    }

    [Theory]
    [InlineData("EveryAccessUnderTheGuard", """
        private readonly object _gate = new object();
        [GuardedBy(nameof(_gate))] private int _count;

        public void Bump() { lock (_gate) { _count++; } }
        public int Read() { lock (_gate) { return _count; } }
        """)]
    [InlineData("Constructor", """
        private readonly object _gate = new object();
        [GuardedBy(nameof(_gate))] private int _count;

        public Sample(int start) { _count = start; }
        public int Read() { lock (_gate) { return _count; } }
        """)]
    [InlineData("InsideARequiresGuardMemberAndItsPrivateHelpers", """
        private readonly object _gate = new object();
        [GuardedBy(nameof(_gate))] private int _count;

        public void Bump() { lock (_gate) { BumpLocked(); } }
        [RequiresGuard(nameof(_gate))] public void BumpLocked() { _count++; Check(); }
        private void Check() { if (_count < 0) { _count = 0; } }
        """)]
    [InlineData("RequiresGuardCalledFromAnotherRequiresGuardMember", """
        private readonly object _gate = new object();
        [GuardedBy(nameof(_gate))] private int _count;

        public void Run() { lock (_gate) { Outer(); } }
        [RequiresGuard(nameof(_gate))] private void Outer() => Inner();
        [RequiresGuard(nameof(_gate))] private void Inner() => _count++;
        """)]
    [InlineData("ThisGuard", """
        [GuardedBy("this")] private int _count;

        public void Bump() { lock (this) { _count++; } }
        [MethodImpl(MethodImplOptions.Synchronized)] public int Read() => _count;
        """)]
    [InlineData("MonitorTryEnterWithTakenFlag", """
        private readonly object _gate = new object();
        [GuardedBy(nameof(_gate))] private int _count;

        public void Bump()
        {
            bool taken = false;
            try { Monitor.TryEnter(_gate, ref taken); if (taken) { _count++; } }
            finally { if (taken) Monitor.Exit(_gate); }
        }
        """)]
    [InlineData("UnknownGuardName", """
        [GuardedBy("somewhere else")] private int _count;

        public void Bump() { _count++; }
        """)]
    [InlineData("OtherInstance", """
        private readonly object _gate = new object();
        [GuardedBy(nameof(_gate))] private int _count;

        public void CopyFrom(Sample other) { lock (_gate) { _count = other._count; } }
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using Acme.Annotations;

            public sealed class Sample
            {
            {{members}}
            }
            """ + Annotations;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
