using System.Threading.Tasks;
using Guarded.Coyote;
using Microsoft.Coyote.Specifications;

namespace Guarded.Runtime.SystematicTests.HarnessTests;

/// <summary>
/// The harness checked on a counter small enough to see by eye: the racy one must be caught, the locked one
/// must pass. If the first test ever passes, rewriting or the harness is broken, not the counter.
/// </summary>
public sealed class CounterHarnessTests
{
    internal const string LostIncrement = "Counter lost an increment";

    [Fact]
    public void Assemblies_AreRewrittenByCoyote()
    {
        // This assembly, and Guarded.Runtime (a project reference, so the build declares and rewrites it).
        Assert.Empty(SystematicTest.FindUnrewrittenAssemblies(typeof(CounterHarnessTests).Assembly, [typeof(DoubleCheckedCache<,>).Assembly]));
    }

    [Fact]
    public void RacyCounter_LosesAnIncrement()
    {
        SystematicTest.FindsBug(() => IncrementConcurrently(new RacyCounter()), LostIncrement);
    }

    [Fact]
    public void LockedCounter_KeepsEveryIncrement()
    {
        SystematicTest.Run(() => IncrementConcurrently(new LockedCounter()));
    }

    private static async Task IncrementConcurrently(ICounter counter)
    {
        const int Workers = 3;
        var tasks = new Task[Workers];
        for (int i = 0; i < Workers; i++)
        {
            tasks[i] = Task.Run(counter.IncrementAsync);
        }

        await Task.WhenAll(tasks);
        Specification.Assert(counter.Value == Workers, "{0}: {1} of {2}", LostIncrement, counter.Value, Workers);
    }

    private interface ICounter
    {
        int Value { get; }

        Task IncrementAsync();
    }

    /// <summary>Read, yield (a stand-in for any await between read and write), write back.</summary>
    private sealed class RacyCounter : ICounter
    {
        private int _value;

        public int Value => _value;

        public async Task IncrementAsync()
        {
            int read = _value;
            await Task.Yield();
            _value = read + 1;
        }
    }

    /// <summary>The same read-modify-write inside a lock.</summary>
    private sealed class LockedCounter : ICounter
    {
        private readonly object _gate = new();
        private int _value;

        public int Value
        {
            get
            {
                lock (_gate)
                {
                    return _value;
                }
            }
        }

        public Task IncrementAsync()
        {
            lock (_gate)
            {
                int read = _value;
                _value = read + 1;
            }

            return Task.CompletedTask;
        }
    }
}
