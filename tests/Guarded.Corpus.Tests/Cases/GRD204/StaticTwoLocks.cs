// case: static plugin list guarded by two different static locks
using System.Collections.Generic;

public static class PluginCatalog
{
    private static readonly object s_loadLock = new object();
    private static readonly object s_queryLock = new object();
    private static readonly List<string> s_plugins = new List<string>();

    public static void Load(string plugin)
    {
        lock (s_loadLock)
        {
            s_plugins.Add(plugin);
        }
    }

    public static void Unload(string plugin)
    {
        lock (s_loadLock)
        {
            s_plugins.Remove(plugin);
        }
    }

    public static bool Has(string plugin)
    {
        lock (s_queryLock)
        {
            return s_plugins.Contains(plugin); // expect: GRD204
        }
    }
}
