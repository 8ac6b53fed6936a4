// case: Monitor.Enter on an int field boxes it: every call locks a new object and Exit throws
using System.Threading;

public sealed class Turnstile
{
    private int _passes;

    public void Pass()
    {
        Monitor.Enter(_passes); // expect: GRD402
        try
        {
            _passes++;
        }
        finally
        {
            Monitor.Exit(_passes);
        }
    }
}
