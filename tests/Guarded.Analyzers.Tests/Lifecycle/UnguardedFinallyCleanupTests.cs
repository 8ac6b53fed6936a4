using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Lifecycle.UnguardedFinallyCleanupAnalyzer,
    Guarded.CodeFixes.Lifecycle.UnguardedFinallyCleanupFixer>;

namespace Guarded.Analyzers.Tests.Lifecycle;

public sealed class UnguardedFinallyCleanupTests
{
    [Fact]
    public async Task RunningJobRemovedInFinallyWithoutTheLock_ReportsAndTakesTheLockInFinally()
    {
        const string source = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public sealed class JobBook
            {
                private readonly object _gate = new object();
                private readonly Dictionary<Guid, string> _running = new Dictionary<Guid, string>();

                public Guid Start(string name, Func<Task> work)
                {
                    var id = Guid.NewGuid();
                    lock (_gate)
                    {
                        {|#1:_running.Add(id, name)|};
                    }

                    _ = Task.Run(() => RunAsync(id, work));
                    return id;
                }

                private async Task RunAsync(Guid id, Func<Task> work)
                {
                    try
                    {
                        await work();
                    }
                    finally
                    {
                        // The job is done either way.
                        {|#0:_running.Remove(id)|};
                        Console.WriteLine(id);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public sealed class JobBook
            {
                private readonly object _gate = new object();
                private readonly Dictionary<Guid, string> _running = new Dictionary<Guid, string>();

                public Guid Start(string name, Func<Task> work)
                {
                    var id = Guid.NewGuid();
                    lock (_gate)
                    {
                        _running.Add(id, name);
                    }

                    _ = Task.Run(() => RunAsync(id, work));
                    return id;
                }

                private async Task RunAsync(Guid id, Func<Task> work)
                {
                    try
                    {
                        await work();
                    }
                    finally
                    {
                        // The job is done either way.
                        lock (_gate)
                        {
                            _running.Remove(id);
                        }

                        Console.WriteLine(id);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD302").WithLocation(0).WithLocation(1)
                .WithArguments("_running", "_running.Remove(id)", "lock (_gate)", "Start"));
    }

    [Fact]
    public async Task CounterDecrementedInFinallyOutsideTheSemaphore_FixAwaitsTheSemaphore()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Throttle
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
                private int _inFlight;

                public async Task RunAsync(Task work)
                {
                    await _mutex.WaitAsync();
                    try
                    {
                        {|#1:_inFlight++|};
                    }
                    finally
                    {
                        _mutex.Release();
                    }

                    try
                    {
                        await work;
                    }
                    finally
                    {
                        {|#0:_inFlight--|};
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Throttle
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
                private int _inFlight;

                public async Task RunAsync(Task work)
                {
                    await _mutex.WaitAsync();
                    try
                    {
                        _inFlight++;
                    }
                    finally
                    {
                        _mutex.Release();
                    }

                    try
                    {
                        await work;
                    }
                    finally
                    {
                        await _mutex.WaitAsync();
                        try
                        {
                            _inFlight--;
                        }
                        finally
                        {
                            _mutex.Release();
                        }
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD302").WithLocation(0).WithLocation(1)
                .WithArguments("_inFlight", "_inFlight--", "_mutex.Wait/WaitAsync", "RunAsync"));
    }

    [Fact]
    public async Task LibraryCodeWithConfigureAwaitFalse_FixAwaitsTheSemaphoreTheSameWay()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Throttle
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
                private int _inFlight;

                public async Task RunAsync(Task work)
                {
                    await _mutex.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        {|#1:_inFlight++|};
                    }
                    finally
                    {
                        _mutex.Release();
                    }

                    try
                    {
                        await work.ConfigureAwait(false);
                    }
                    finally
                    {
                        {|#0:_inFlight--|};
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Throttle
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
                private int _inFlight;

                public async Task RunAsync(Task work)
                {
                    await _mutex.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        _inFlight++;
                    }
                    finally
                    {
                        _mutex.Release();
                    }

                    try
                    {
                        await work.ConfigureAwait(false);
                    }
                    finally
                    {
                        await _mutex.WaitAsync().ConfigureAwait(false);
                        try
                        {
                            _inFlight--;
                        }
                        finally
                        {
                            _mutex.Release();
                        }
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD302").WithLocation(0).WithLocation(1)
                .WithArguments("_inFlight", "_inFlight--", "_mutex.Wait/WaitAsync", "RunAsync"));
    }

    [Fact]
    public async Task FixAll_TwoCleanupsInOneFinally_ShareOneLock()
    {
        const string source = """
            using System.Collections.Generic;

            public sealed class Registry
            {
                private readonly object _gate = new object();
                private readonly HashSet<string> _active = new HashSet<string>();
                private readonly Queue<string> _recent = new Queue<string>();

                public void Enter(string name)
                {
                    lock (_gate)
                    {
                        {|#1:_active.Add(name)|};
                        {|#3:_recent.Enqueue(name)|};
                    }
                }

                public void Work(string name)
                {
                    try
                    {
                        System.Console.WriteLine(name);
                    }
                    finally
                    {
                        {|#0:_active.Remove(name)|};
                        {|#2:_recent.Dequeue()|};
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;

            public sealed class Registry
            {
                private readonly object _gate = new object();
                private readonly HashSet<string> _active = new HashSet<string>();
                private readonly Queue<string> _recent = new Queue<string>();

                public void Enter(string name)
                {
                    lock (_gate)
                    {
                        _active.Add(name);
                        _recent.Enqueue(name);
                    }
                }

                public void Work(string name)
                {
                    try
                    {
                        System.Console.WriteLine(name);
                    }
                    finally
                    {
                        lock (_gate)
                        {
                            _active.Remove(name);
                            _recent.Dequeue();
                        }
                    }
                }
            }
            """;

        var test = new Verify.Test { TestCode = source };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD302").WithLocation(0).WithLocation(1)
            .WithArguments("_active", "_active.Remove(name)", "lock (_gate)", "Enter"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD302").WithLocation(2).WithLocation(3)
            .WithArguments("_recent", "_recent.Dequeue()", "lock (_gate)", "Enter"));

        // One at a time, the second fix wraps its own statement in a second lock; Fix All merges them.
        test.FixedCode = """
            using System.Collections.Generic;

            public sealed class Registry
            {
                private readonly object _gate = new object();
                private readonly HashSet<string> _active = new HashSet<string>();
                private readonly Queue<string> _recent = new Queue<string>();

                public void Enter(string name)
                {
                    lock (_gate)
                    {
                        _active.Add(name);
                        _recent.Enqueue(name);
                    }
                }

                public void Work(string name)
                {
                    try
                    {
                        System.Console.WriteLine(name);
                    }
                    finally
                    {
                        lock (_gate)
                        {
                            _active.Remove(name);
                        }

                        lock (_gate)
                        {
                            _recent.Dequeue();
                        }
                    }
                }
            }
            """;
        test.BatchFixedCode = fixedSource;
        await test.RunAsync();
    }

    [Theory]
    [InlineData("FinallyInsideTheLock", """
        public void Work(string name)
        {
            lock (_gate)
            {
                try
                {
                    System.Console.WriteLine(name);
                }
                finally
                {
                    _active.Remove(name);
                }
            }
        }
        """)]
    [InlineData("LockTakenInTheFinally", """
        public void Work(string name)
        {
            try
            {
                System.Console.WriteLine(name);
            }
            finally
            {
                lock (_gate)
                {
                    _active.Remove(name);
                }
            }
        }
        """)]
    [InlineData("CleanupBeforeTheReleaseOfTheSameGuard", """
        public void Work(string name)
        {
            Monitor.Enter(_gate);
            try
            {
                System.Console.WriteLine(name);
            }
            finally
            {
                _active.Remove(name);
                Monitor.Exit(_gate);
            }
        }
        """)]
    [InlineData("ReadOnlyInFinally", """
        public void Work(string name)
        {
            try
            {
                System.Console.WriteLine(name);
            }
            finally
            {
                System.Console.WriteLine(_active.Count);
            }
        }
        """)]
    [InlineData("ConcurrentCollectionInFinally", """
        private readonly ConcurrentDictionary<string, int> _seen = new ConcurrentDictionary<string, int>();

        public void Seen(string name)
        {
            lock (_gate)
            {
                _seen[name] = 1;
            }
        }

        public void Work(string name)
        {
            try
            {
                System.Console.WriteLine(name);
            }
            finally
            {
                _seen.TryRemove(name, out _);
            }
        }
        """)]
    [InlineData("FieldNeverGuarded", """
        private readonly List<string> _log = new List<string>();

        public void Work(string name)
        {
            try
            {
                _log.Add(name);
            }
            finally
            {
                _log.Remove(name);
            }
        }
        """)]
    public async Task GuardedOrUnguardedEverywhere_NoDiagnostic(string name, string members)
    {
        _ = name;
        var source = $$"""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Registry
            {
                private readonly object _gate = new object();
                private readonly HashSet<string> _active = new HashSet<string>();

                public void Enter(string name)
                {
                    lock (_gate)
                    {
                        _active.Add(name);
                    }
                }

            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
