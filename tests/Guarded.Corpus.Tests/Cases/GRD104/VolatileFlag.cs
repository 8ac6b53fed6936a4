// case: menu items loaded once behind a volatile flag
// quiet
using System.Collections.Generic;

public sealed class VolatileMenu
{
    private readonly object _gate = new object();
    private volatile bool _loaded;
    private List<string> _items = new List<string>();

    public List<string> Items()
    {
        if (!_loaded)
        {
            lock (_gate)
            {
                if (!_loaded)
                {
                    _items = new List<string> { "tea", "cake" };
                    _loaded = true;
                }
            }
        }

        return _items;
    }
}
