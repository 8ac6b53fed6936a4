using System;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Coyote;

namespace Guarded.Runtime.SystematicTests.HarnessTests;

/// <summary>
/// The shapes that Coyote 1.7.11 does control, next to the ones it does not (see FINDINGS.md). The uncontrolled
/// shapes are not tested here on purpose: Coyote reports a false deadlock or hang for them, and the thread left
/// behind later posts to the finished runtime and crashes the test host, taking the rest of the run with it.
/// </summary>
public sealed class CoyoteGapTests
{
    /// <summary>
    /// Waiting for a <see cref="TaskCompletionSource{TResult}"/> with <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>
    /// by awaiting it (and swallowing its outcome) is controlled; <c>Task.WhenAny</c> over it is not (false deadlock).
    /// </summary>
    [Fact]
    public void AwaitOverAsyncContinuationSource_IsControlled() =>
        SystematicTest.Run(
            async () =>
            {
                var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                var waiter = Task.Run(async () =>
                {
                    try
                    {
                        await source.Task;
                    }
                    catch (InvalidOperationException)
                    {
                    }
                });
                var setter = Task.Run(() => source.SetException(new InvalidOperationException()));
                await Task.WhenAll(new Task[] { waiter, setter });
            },
            new SystematicTestOptions { IterationScale = 0.1 });

    /// <summary>
    /// <see cref="CancellationTokenRegistration.Dispose"/> waits for its callback if that is running on another
    /// thread. Under Coyote that thread is paused by the scheduler, so the wait never ends: Coyote reports a
    /// "potential deadlock" that cannot happen in .NET, and the stuck thread later crashes the test host when it
    /// posts to the finished runtime (so there is deliberately no test of the Dispose shape here; see FINDINGS.md).
    /// <see cref="CancellationTokenRegistration.Unregister"/> does not wait and is fully controlled.
    /// </summary>
    [Fact]
    public void RegistrationUnregisterDuringItsCallback_IsControlled() =>
        SystematicTest.Run(CancelWhileUnregistering, new SystematicTestOptions { IterationScale = 0.1 });

    private static async Task CancelWhileUnregistering()
    {
        using var cancellation = new CancellationTokenSource();
        var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new object();
        var registration = cancellation.Token.Register(() =>
        {
            lock (gate)
            {
                waiter.TrySetCanceled();
            }

            lock (gate)
            {
                // More work after completing the waiter: a scheduling point while the callback is still running.
            }
        });

        var disarming = Task.Run(async () =>
        {
            try
            {
                await waiter.Task;
            }
            catch (OperationCanceledException)
            {
            }

            registration.Unregister();
        });
        var canceller = Task.Run(() => cancellation.Cancel());
        await Task.WhenAll(new[] { disarming, canceller });
    }
}
