// case: menu items loaded once behind a plain bool flag
using System.Collections.Generic;

public sealed class MenuItems
{
    private readonly object _gate = new object();
    private bool _loaded; // set once the items are in
    private List<string> _items = new List<string>();

    public List<string> Items()
    {
        if (!_loaded) // expect: GRD104
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
