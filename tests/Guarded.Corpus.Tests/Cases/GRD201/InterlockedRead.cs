// case: counter written under the lock, read with Volatile.Read and Interlocked
// quiet
using System.Threading;

public sealed class Throughput
{
    private readonly object _gate = new object();
    private long _processed;
    private int _lastBatch;

    public void Complete(int batch)
    {
        lock (_gate)
        {
            _processed += batch;
            _lastBatch = batch;
        }
    }

    public long Processed => Interlocked.Read(ref _processed);

    public int LastBatch => Volatile.Read(ref _lastBatch);
}
