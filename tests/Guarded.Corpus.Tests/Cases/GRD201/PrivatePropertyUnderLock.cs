// case: a private property that reads the state is only used inside the lock
// quiet
public sealed class MoveNextGate
{
    private readonly object _gate = new object();
    private object? _pending;

    private bool IsPendingUnsynchronized => _pending != null;

    public bool TryBegin(object operation)
    {
        lock (_gate)
        {
            if (IsPendingUnsynchronized)
            {
                return false;
            }

            _pending = operation;
            return true;
        }
    }

    public void End()
    {
        lock (_gate)
        {
            _pending = null;
        }
    }
}
