// case: a cache counts hits outside the lock that the same method takes for its lookup
using System.Collections.Generic;

public sealed class TemplateCache
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, string> _templates = new Dictionary<string, string>();
    private int _hits;
    private int _loads;

    public string Get(string name)
    {
        _hits++; // expect: GRD105
        lock (_gate)
        {
            if (!_templates.TryGetValue(name, out var template))
            {
                template = "<" + name + ">";
                _templates.Add(name, template);
                _loads++;
            }

            return template;
        }
    }
}
