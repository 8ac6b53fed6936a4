using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Runtime.SystematicTests.Adapters;

namespace Guarded.Runtime.SystematicTests.Broken;

/// <summary>
/// The shape the failure and invalidation twins share, correct as written: one lock over a dictionary mapping a
/// key to the task of its load; a load still running is joined by later callers, a successful one is the cached
/// value. Each twin overrides the one step it gets wrong. Async only: their scenarios drive <c>GetOrAddAsync</c>.
/// </summary>
internal abstract class InFlightCacheBase : ICacheUnderTest
{
    protected readonly object Gate = new();
    protected readonly Dictionary<string, Task<int>> Entries = new();

    public int GetOrAdd(string key, Func<string, int> factory) =>
        throw new NotSupportedException("The twins model the async protocol only.");

    public async Task<int> GetOrAddAsync(string key, Func<string, CancellationToken, Task<int>> factory, CancellationToken cancellationToken)
    {
        Task<int> load;
        TaskCompletionSource<int>? owned = null;
        lock (Gate)
        {
            if (!Entries.TryGetValue(key, out load!))
            {
                owned = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                load = owned.Task;
                Entries[key] = load;
            }
        }

        if (owned is not null)
        {
            await RunLoadAsync(key, owned, factory, cancellationToken);
        }

        return await AwaitLoadAsync(key, load, owner: owned is not null);
    }

    public bool TryGet(string key, out int value)
    {
        lock (Gate)
        {
            if (Entries.TryGetValue(key, out var entry) && entry.IsCompletedSuccessfully)
            {
                value = entry.Result;
                return true;
            }
        }

        value = 0;
        return false;
    }

    public void Invalidate(string key)
    {
        lock (Gate)
        {
            // A load in flight is dropped with its entry: its result reaches its waiters but is not cached.
            Entries.Remove(key);
        }
    }

    /// <summary>Publishes a successful load. Correct: the completed task already is the cached value, if still current.</summary>
    protected virtual void OnLoadSucceeded(string key, Task<int> load, int value)
    {
    }

    /// <summary>Unpublishes a failed load. Correct: remove the entry only if it is still this load (by key and value).</summary>
    protected virtual void OnLoadFailed(string key, Task<int> load)
    {
        if (Entries.TryGetValue(key, out var current) && current == load)
        {
            Entries.Remove(key);
        }
    }

    /// <summary>How a caller takes a load's outcome. Correct: await it, exception included.</summary>
    protected virtual Task<int> AwaitLoadAsync(string key, Task<int> load, bool owner) => load;

    private async Task RunLoadAsync(
        string key, TaskCompletionSource<int> completion, Func<string, CancellationToken, Task<int>> factory, CancellationToken cancellationToken)
    {
        try
        {
            int value = await factory(key, cancellationToken);
            lock (Gate)
            {
                OnLoadSucceeded(key, completion.Task, value);
            }

            completion.SetResult(value);
        }
        catch (Exception failure)
        {
            lock (Gate)
            {
                OnLoadFailed(key, completion.Task);
            }

            completion.SetException(failure);
        }
    }
}
