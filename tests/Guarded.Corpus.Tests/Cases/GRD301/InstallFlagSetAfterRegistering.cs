// case: a plugin's static Install tests its installed flag, registers the plugin and only then sets the flag: two first callers both register it
using System.Collections.Concurrent;

public static class AuditPlugin
{
    private static bool s_installed;

    public static void Install()
    {
        if (!s_installed)
        {
            PluginRegistry.Register("audit", new AuditHook());
            s_installed = true; // expect: GRD301
        }
    }
}

public static class PluginRegistry
{
    private static readonly ConcurrentQueue<(string Name, object Hook)> s_plugins = new ConcurrentQueue<(string Name, object Hook)>();

    public static void Register(string name, object hook) => s_plugins.Enqueue((name, hook));
}

public sealed class AuditHook
{
}
