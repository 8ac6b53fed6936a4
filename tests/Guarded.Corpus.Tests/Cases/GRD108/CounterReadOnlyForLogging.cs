// case: a hit counter is incremented atomically and its value only printed in a progress line: no decision rests on it
// quiet
using System;
using System.Threading;

public sealed class HitCounter
{
    private int _hits;

    public void Hit(string page)
    {
        Interlocked.Increment(ref _hits);
        Console.WriteLine($"{page}: {_hits} hits so far");
    }

    public int Hits => Volatile.Read(ref _hits);
}
