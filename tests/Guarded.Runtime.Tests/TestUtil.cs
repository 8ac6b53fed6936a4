using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Runtime.Tests;

internal static class TestUtil
{
    /// <summary>Generous bound for waits that should complete promptly; only hit when a test is broken.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static TaskCompletionSource<T> NewGate<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits until <paramref name="condition"/> holds (an observable state, not a time), failing after <see cref="Patience"/>.</summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        if (!SpinWait.SpinUntil(condition, Patience))
        {
            throw new TimeoutException("Gave up waiting until " + what);
        }
    }

    public static async Task<T> Within<T>(this Task<T> task)
    {
        var completed = await Task.WhenAny(task, Task.Delay(Patience));
        if (completed != task)
        {
            throw new TimeoutException("The task did not complete in time.");
        }

        return await task;
    }

    public static async Task Within(this Task task)
    {
        var completed = await Task.WhenAny(task, Task.Delay(Patience));
        if (completed != task)
        {
            throw new TimeoutException("The task did not complete in time.");
        }

        await task;
    }

    public static string TempFile(string name)
    {
        string directory = Path.Combine(Path.GetTempPath(), "guarded-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}

/// <summary>A stream wrapper that can fail or block writes and flushes, and counts flushes (journal failure injection).</summary>
internal sealed class ControlledStream : Stream
{
    private readonly Stream _inner;

    public ControlledStream(Stream inner) => _inner = inner;

    public volatile bool FailWrites;
    public volatile bool FailFlushes;
    public volatile bool FailSetLength;
    public int Flushes;
    public int Writes;

    /// <summary>When set, the next write signals <see cref="WriteEntered"/> and waits for this gate.</summary>
    public TaskCompletionSource? WriteGate;
    public readonly TaskCompletionSource WriteEntered = TestUtil.NewGate();

    public override bool CanRead => _inner.CanRead;
    public override bool CanSeek => _inner.CanSeek;
    public override bool CanWrite => _inner.CanWrite;
    public override long Length => _inner.Length;
    public override long Position { get => _inner.Position; set => _inner.Position = value; }

    public override void Flush()
    {
        if (FailFlushes)
        {
            throw new IOException("injected flush failure");
        }

        Interlocked.Increment(ref Flushes);
        _inner.Flush();
        if (_inner is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value)
    {
        if (FailSetLength)
        {
            throw new IOException("injected truncate failure");
        }

        _inner.SetLength(value);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        var gate = Interlocked.Exchange(ref WriteGate, null);
        if (gate is not null)
        {
            WriteEntered.TrySetResult();
            gate.Task.Wait();
        }

        if (FailWrites)
        {
            // Write half of it first, like a device that fails mid-record.
            _inner.Write(buffer, offset, count / 2);
            throw new IOException("injected write failure");
        }

        Interlocked.Increment(ref Writes);
        _inner.Write(buffer, offset, count);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
