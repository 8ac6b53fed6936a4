using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Hygiene.BlockingWaitInAsyncCodeAnalyzer,
    Guarded.CodeFixes.Hygiene.BlockingWaitInAsyncCodeFixer>;

namespace Guarded.Analyzers.Tests.Hygiene;

public sealed class BlockingWaitInAsyncCodeTests
{
    private const string AwaitWaitAsync = "await WaitAsync() instead";
    private const string AwaitTheTask = "await the task instead";
    private const string LockAdvice = "a thread that needs the lock to finish that work deadlocks; wait before taking the lock";

    [Fact]
    public async Task SemaphoreWaitInAnAsyncMethod_ReportsAndAwaitsWaitAsync_KeepingTheArguments()
    {
        const string source = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Exporter
            {
                private readonly SemaphoreSlim _slots = new SemaphoreSlim(2, 2);

                public async Task ExportAsync(Func<Task> export, CancellationToken cancellationToken)
                {
                    {|#0:_slots.Wait(cancellationToken)|};
                    try
                    {
                        await export();
                    }
                    finally
                    {
                        _slots.Release();
                    }
                }

                public async Task<bool> TryExportAsync(Func<Task> export)
                {
                    if (!{|#1:_slots.Wait(TimeSpan.FromSeconds(2))|})
                    {
                        return false;
                    }

                    try
                    {
                        await export();
                        return true;
                    }
                    finally
                    {
                        _slots.Release();
                    }
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Exporter
            {
                private readonly SemaphoreSlim _slots = new SemaphoreSlim(2, 2);

                public async Task ExportAsync(Func<Task> export, CancellationToken cancellationToken)
                {
                    await _slots.WaitAsync(cancellationToken);
                    try
                    {
                        await export();
                    }
                    finally
                    {
                        _slots.Release();
                    }
                }

                public async Task<bool> TryExportAsync(Func<Task> export)
                {
                    if (!await _slots.WaitAsync(TimeSpan.FromSeconds(2)))
                    {
                        return false;
                    }

                    try
                    {
                        await export();
                        return true;
                    }
                    finally
                    {
                        _slots.Release();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD405").WithLocation(0).WithArguments("_slots.Wait(cancellationToken)", "in the async method 'ExportAsync'", AwaitWaitAsync),
            Verify.Diagnostic("GRD405").WithLocation(1).WithArguments("_slots.Wait(TimeSpan.FromSeconds(2))", "in the async method 'TryExportAsync'", AwaitWaitAsync));
    }

    [Fact]
    public async Task TaskResultInAnAsyncMethod_ReportsAndAwaits_ParenthesizedWhereNeeded()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class PriceClient
            {
                private readonly HttpClient _http = new HttpClient();

                public async Task<int> PriceLengthAsync(string sku)
                {
                    await Task.Yield();
                    var body = {|#0:_http.GetStringAsync("/prices/" + sku).Result|};
                    return body.Length + {|#1:_http.GetStringAsync("/tax/" + sku).Result|}.Length;
                }
            }
            """;

        const string fixedSource = """
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class PriceClient
            {
                private readonly HttpClient _http = new HttpClient();

                public async Task<int> PriceLengthAsync(string sku)
                {
                    await Task.Yield();
                    var body = await _http.GetStringAsync("/prices/" + sku);
                    return body.Length + (await _http.GetStringAsync("/tax/" + sku)).Length;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD405").WithLocation(0).WithArguments("_http.GetStringAsync(\"/prices/\" + sku).Result", "in the async method 'PriceLengthAsync'", AwaitTheTask),
            Verify.Diagnostic("GRD405").WithLocation(1).WithArguments("_http.GetStringAsync(\"/tax/\" + sku).Result", "in the async method 'PriceLengthAsync'", AwaitTheTask));
    }

    [Fact]
    public async Task GetResultAndWaitInAsyncLambdaAndLocalFunction_FixAllAwaitsEach()
    {
        const string source = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Warmup
            {
                public Func<Task> Step(Func<Task<int>> load, Func<Task> flush) => async () =>
                {
                    var count = {|#0:load().GetAwaiter().GetResult()|};
                    if (count > 0)
                    {
                        {|#1:flush().Wait()|};
                    }
                };

                public Task RunAsync(Task pending, CancellationToken cancellationToken)
                {
                    return Local();

                    async Task Local()
                    {
                        {|#2:pending.Wait(cancellationToken)|};
                        var ready = {|#3:Task.Delay(1).ContinueWith(_ => 1).ConfigureAwait(false).GetAwaiter().GetResult()|};
                        await Task.Delay(ready, cancellationToken);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Warmup
            {
                public Func<Task> Step(Func<Task<int>> load, Func<Task> flush) => async () =>
                {
                    var count = await load();
                    if (count > 0)
                    {
                        await flush();
                    }
                };

                public Task RunAsync(Task pending, CancellationToken cancellationToken)
                {
                    return Local();

                    async Task Local()
                    {
                        await pending.WaitAsync(cancellationToken);
                        var ready = await Task.Delay(1).ContinueWith(_ => 1).ConfigureAwait(false);
                        await Task.Delay(ready, cancellationToken);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD405").WithLocation(0).WithArguments("load().GetAwaiter().GetResult()", "in an async lambda", AwaitTheTask),
            Verify.Diagnostic("GRD405").WithLocation(1).WithArguments("flush().Wait()", "in an async lambda", AwaitTheTask),
            Verify.Diagnostic("GRD405").WithLocation(2).WithArguments("pending.Wait(cancellationToken)", "in the async local function 'Local'", AwaitTheTask),
            Verify.Diagnostic("GRD405").WithLocation(3).WithArguments("Task.Delay(1).ContinueWith(_ => 1).ConfigureAwait(false).GetAwaiter().GetResult()", "in the async local function 'Local'", AwaitTheTask));
    }

    [Fact]
    public async Task ResultWhileHoldingALock_ReportsWithoutAFix()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading.Tasks;

            public sealed class RateCache
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, decimal> _rates = new Dictionary<string, decimal>();

                public decimal Rate(string currency, System.Func<string, Task<decimal>> fetch)
                {
                    lock ({|#1:_gate|})
                    {
                        if (!_rates.TryGetValue(currency, out var rate))
                        {
                            rate = {|#0:fetch(currency).Result|};
                            _rates[currency] = rate;
                        }

                        return rate;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD405").WithLocation(0).WithLocation(1).WithArguments("fetch(currency).Result", "while holding the lock on '_gate'", LockAdvice));
    }

    [Fact]
    public async Task SemaphoreWaitInsideALockOfAnAsyncMethod_ReportsWithoutAFix()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Pump
            {
                private readonly object _gate = new object();
                private readonly SemaphoreSlim _items = new SemaphoreSlim(0);
                private int _taken;

                public async Task TakeAsync()
                {
                    await Task.Yield();
                    lock (_gate)
                    {
                        {|#0:_items.Wait()|};
                        _taken++;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD405").WithLocation(0).WithArguments("_items.Wait()", "in the async method 'TakeAsync'", AwaitWaitAsync));
    }

    [Fact]
    public async Task TimedTaskWaitInAnAsyncMethod_ReportsWithoutAFix()
    {
        const string source = """
            using System.Threading.Tasks;

            public sealed class Shutdown
            {
                public async Task<bool> StopAsync(Task worker)
                {
                    await Task.Yield();
                    return {|#0:worker.Wait(1000)|};
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD405").WithLocation(0).WithArguments("worker.Wait(1000)", "in the async method 'StopAsync'", AwaitTheTask));
    }

    [Theory]
    [InlineData("NonBlockingTryWithZero", """
        public async Task<bool> TryAsync()
        {
            await Task.Yield();
            return _semaphore.Wait(0) || _semaphore.Wait(TimeSpan.Zero);
        }
        """)]
    [InlineData("CompletedTasks", """
        public async Task<int> DoneAsync()
        {
            await Task.Yield();
            Task.CompletedTask.Wait();
            return Task.FromResult(1).Result + new ValueTask<int>(2).Result;
        }
        """)]
    [InlineData("ResultAfterAwaitingTheSameTask", """
        public async Task<int> LoadAsync(Task<int> load)
        {
            await load.ConfigureAwait(false);
            return load.Result;
        }
        """)]
    [InlineData("ResultGuardedByIsCompleted", """
        public async ValueTask<int> FastAsync(ValueTask<int> pending)
        {
            return pending.IsCompletedSuccessfully ? pending.Result : await pending;
        }
        """)]
    [InlineData("ResultsAfterWhenAll", """
        public async Task<int> SumAsync(Task<int>[] parts)
        {
            await Task.WhenAll(parts);
            var sum = 0;
            foreach (var part in parts)
            {
                sum += part.Result;
            }

            return sum + parts[0].Result;
        }
        """)]
    [InlineData("AntecedentInAContinuation", """
        public Task<int> NextAsync(Task<int> load) =>
            load.ContinueWith(async done => done.Result + 1).Unwrap();
        """)]
    [InlineData("SynchronousMethodWithoutALock", """
        public int Load(Task<int> load)
        {
            _semaphore.Wait();
            try
            {
                return load.Result;
            }
            finally
            {
                _semaphore.Release();
            }
        }
        """)]
    [InlineData("SynchronousLambdaInAnAsyncMethod", """
        public async Task<int> CountAsync(System.Collections.Generic.List<Task<int>> parts)
        {
            await Task.Yield();
            return parts.Sum(part => part.Result);
        }
        """)]
    [InlineData("WaitAfterTheLockIsReleased", """
        public void Refresh(Task pending)
        {
            lock (_gate)
            {
                _count++;
            }

            pending.Wait();
        }
        """)]
    [InlineData("SynchronousHalfOfADualPath", """
        public async Task<bool> EnterAsync(bool synchronously, TimeSpan timeout)
        {
            if (!synchronously)
            {
                return await _semaphore.WaitAsync(timeout).ConfigureAwait(false);
            }
            else
            {
                if (!_semaphore.Wait(timeout))
                {
                    return false;
                }

                return true;
            }
        }

        public async Task<int> ReadAsync(bool synchronously, Task<int> read) =>
            synchronously ? read.GetAwaiter().GetResult() : await read;
        """)]
    [InlineData("TaskKeptInAFieldOrProperty", """
        private readonly Task<int> _loaded = Task.Run(() => 1);

        private Task<int> Committed { get; } = Task.Run(() => 2);

        public async Task<int> ReadAsync()
        {
            await Task.Yield();
            return _loaded.Result + Committed.GetAwaiter().GetResult();
        }
        """)]
    [InlineData("CompletionCheckedByAHelperThroughMembers", """
        public async Task<int> StatusAsync(Holder holder)
        {
            await Task.Yield();
            var pending = holder.Pending;
            if (pending.IsCompletedSuccessfully() && holder?.Pending.IsCompleted == true)
            {
                return pending.Result;
            }

            return -1;
        }

        public sealed class Holder
        {
            public Task<int> Pending { get; } = Task.FromResult(0);
        }
        """)]
    [InlineData("MainMayBlock", """
        public static async Task Main()
        {
            await Task.Yield();
            new SemaphoreSlim(1).Wait();
        }
        """)]
    [InlineData("TestMethodMayBlock", """
        [Fact]
        public async Task LoadsTheValue()
        {
            await Task.Yield();
            _ = Task.Run(() => 1).Result;
        }

        private sealed class FactAttribute : Attribute
        {
        }
        """)]
    [InlineData("CustomTestAttributeAndHelperOfATestClass", """
        [SkippableFact]
        public async Task CancelsTheCommand()
        {
            await Task.Yield();
            Helper(Task.Run(() => 1));
        }

        private async void Helper(Task running)
        {
            await Task.Yield();
            running.Wait();
        }

        private sealed class SkippableFactAttribute : Attribute
        {
        }
        """)]
    [InlineData("ResultOfSomethingElse", """
        public async Task<int> ParseAsync(System.Text.RegularExpressions.Match match)
        {
            await Task.Yield();
            return match.Result("$1").Length;
        }
        """)]
    public async Task WaitThatCannotBlockOrIsNotInScope_NoDiagnostic(string name, string members)
    {
        _ = name;
        var source = $$"""
            using System;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Worker
            {
                private readonly object _gate = new object();
                private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);
                private int _count;

            {{members}}

                public int Count => _count;
            }

            public static class TaskChecks
            {
                public static bool IsCompletedSuccessfully(this Task task) => task.Status == TaskStatus.RanToCompletion;
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
