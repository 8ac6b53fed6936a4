// case: static template cache compiles a template on a miss and stores it
using System.Collections.Concurrent;

public static class TemplateCache
{
    private static readonly ConcurrentDictionary<string, string> s_compiled = new ConcurrentDictionary<string, string>();

    public static string Compile(string name, string source)
    {
        if (!s_compiled.TryGetValue(name, out var compiled)) // expect: GRD102
        {
            compiled = source.Trim().ToUpperInvariant();
            s_compiled[name] = compiled;
        }

        return compiled;
    }
}
