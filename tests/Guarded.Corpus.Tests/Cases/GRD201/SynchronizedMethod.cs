// case: circuit breaker failures written in a synchronized method, read in a plain one
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
        return _failures > 5; // expect: GRD201
    }
}
