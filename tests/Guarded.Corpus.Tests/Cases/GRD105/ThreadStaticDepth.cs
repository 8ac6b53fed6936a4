// case: per-thread recursion depth in a [ThreadStatic] field
// quiet
using System;
using System.Threading.Tasks;

public static class ReentrancyGuard
{
    [ThreadStatic]
    private static int t_depth;

    public static Task RunAsync(Action action) => Task.Run(() => Run(action));

    private static void Run(Action action)
    {
        t_depth++;
        try
        {
            action();
        }
        finally
        {
            t_depth--;
        }
    }
}
