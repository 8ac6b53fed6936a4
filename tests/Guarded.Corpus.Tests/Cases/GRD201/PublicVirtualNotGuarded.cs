// case: the base class calls its hook under its lock, but the hook is public, so anyone can call it without the lock
public abstract class CounterBase
{
    protected readonly object Gate = new object();

    public void Tick()
    {
        lock (Gate)
        {
            OnTick();
        }
    }

    public abstract void OnTick();
}

public sealed class TickCounter : CounterBase
{
    private long _ticks;

    public void Reset()
    {
        lock (Gate)
        {
            _ticks = 0;
        }
    }

    public override void OnTick()
    {
        _ticks = _ticks + 1; // expect: GRD105
    }
}
