// case: failures counted in a synchronized method, read alone in a plain one: the reader sees an old or a new count (stale read)
// quiet
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

public sealed class Breaker
{
    private int _failures;

    public Task FailLaterAsync() => Task.Run(Fail);

    [MethodImpl(MethodImplOptions.Synchronized)]
    public void Fail()
    {
        _failures = _failures + 1;
    }

    public bool IsOpen()
    {
        return _failures > 5;
    }
}
