// case: volatile status written under the lock and read lock-free
// quiet
public sealed class ServiceStatus
{
    private readonly object _gate = new object();
    private volatile string _status = "starting";

    public void Set(string status)
    {
        lock (_gate)
        {
            _status = status;
        }
    }

    public string Current => _status;
}
