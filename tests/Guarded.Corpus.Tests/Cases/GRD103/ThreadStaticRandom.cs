// case: per-thread Random created lazily in a [ThreadStatic] field
// quiet
using System;
using System.Threading.Tasks;

public static class Jitter
{
    [ThreadStatic]
    private static Random? t_random;

    public static Task DelayAsync(int baseMs)
    {
        t_random ??= new Random();
        return Task.Delay(baseMs + t_random.Next(0, 50));
    }
}
