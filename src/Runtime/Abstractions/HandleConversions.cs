using System.Threading.Tasks;

namespace Guarded.Internal;

/// <summary>Widens the concrete session-lock results to <see cref="ISessionLockHandle"/> without allocating when already complete.</summary>
internal static class HandleConversions
{
    internal static ValueTask<ISessionLockHandle> Widen(ValueTask<SessionLock> pending) =>
        pending.IsCompletedSuccessfully ? new ValueTask<ISessionLockHandle>(pending.Result) : new ValueTask<ISessionLockHandle>(WidenAsync(pending));

    internal static ValueTask<ISessionLockHandle?> WidenNullable(ValueTask<SessionLock?> pending) =>
        pending.IsCompletedSuccessfully ? new ValueTask<ISessionLockHandle?>(pending.Result) : new ValueTask<ISessionLockHandle?>(WidenNullableAsync(pending));

    private static async Task<ISessionLockHandle> WidenAsync(ValueTask<SessionLock> pending) => await pending.ConfigureAwait(false);

    private static async Task<ISessionLockHandle?> WidenNullableAsync(ValueTask<SessionLock?> pending) => await pending.ConfigureAwait(false);
}
