using System;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Internal;

/// <summary>Small task utilities that netstandard2.0 lacks.</summary>
internal static class TaskHelpers
{
    /// <summary>
    /// Waits for <paramref name="task"/> but stops waiting (throwing <see cref="OperationCanceledException"/>) when
    /// <paramref name="cancellationToken"/> is cancelled. The task itself is not cancelled.
    /// </summary>
    internal static Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || task.IsCompleted)
        {
            return task;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

#if NET8_0_OR_GREATER
        return task.WaitAsync(cancellationToken);
#else
        return WaitSlowAsync(task, cancellationToken);
#endif
    }

#if !NET8_0_OR_GREATER
    private static async Task<T> WaitSlowAsync<T>(Task<T> task, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), cancelled))
        {
            if (await Task.WhenAny(new Task[] { task, cancelled.Task }).ConfigureAwait(false) != task)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        return await task.ConfigureAwait(false);
    }
#endif

    /// <summary>
    /// Waits for <paramref name="task"/> to complete, whatever its outcome, but stops waiting (throwing
    /// <see cref="OperationCanceledException"/>) when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    internal static Task WaitForCompletionAsync(Task task, CancellationToken cancellationToken)
    {
        var completed = WhenCompleted(task);
        if (!cancellationToken.CanBeCanceled || completed.IsCompleted)
        {
            return completed;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

#if NET8_0_OR_GREATER
        return completed.WaitAsync(cancellationToken);
#else
        return WaitSlowAsync(completed.ContinueWith(static _ => true, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default), cancellationToken);
#endif
    }

    /// <summary>Completes when <paramref name="task"/> completes, whatever its outcome; never throws.</summary>
    /// <remarks>
    /// Awaits the task and swallows its outcome rather than using <c>Task.WhenAny</c>: Coyote's controlled scheduler
    /// (used by the systematic tests, and by users testing code built on this library) resumes an await of a
    /// <c>TaskCompletionSource</c> task but not a <c>WhenAny</c> over one.
    /// </remarks>
    internal static Task WhenCompleted(Task task) => task.IsCompleted ? Task.CompletedTask : WhenCompletedAsync(task);

    private static async Task WhenCompletedAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch
        {
            // The outcome belongs to whoever owns the task; this waiter only needs it finished.
        }
    }

    /// <summary>Marks a faulted task's exception as observed so it is not reported as unobserved.</summary>
    internal static void Observe(Task task)
    {
        if (task.IsFaulted)
        {
            _ = task.Exception;
        }
    }
}
