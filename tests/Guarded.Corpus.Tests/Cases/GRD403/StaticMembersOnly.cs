// case: static state changed only by static members under a static lock and by a static method without it: not instance code
// quiet
using System.Collections.Generic;

public sealed class NameCache
{
    private static readonly Dictionary<string, string> s_names = new Dictionary<string, string>();
    private readonly object _gate = new object();
    private int _hits;

    public static void Warm(string key)
    {
        s_names[key] = key.ToUpperInvariant();
    }

    public void Hit()
    {
        lock (_gate)
        {
            _hits++;
        }
    }
}
