// case: flag only ever checked under the lock
// quiet
using System.Collections.Generic;

public sealed class ZoneTable
{
    private readonly object _gate = new object();
    private bool _loaded;
    private readonly List<string> _zones = new List<string>();

    public int Count()
    {
        lock (_gate)
        {
            if (!_loaded)
            {
                _zones.Add("UTC");
                _zones.Add("CET");
                _loaded = true;
            }

            return _zones.Count;
        }
    }
}
