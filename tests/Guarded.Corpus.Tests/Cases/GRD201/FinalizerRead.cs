// case: a finalizer reads the closed flag without the lock: it runs only once nothing else references the object
// quiet
public sealed class NativeSink
{
    private readonly object _gate = new object();
    private bool _closed;

    ~NativeSink()
    {
        if (!_closed)
        {
            System.Diagnostics.Debug.WriteLine("sink was not closed");
        }
    }

    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }
}
