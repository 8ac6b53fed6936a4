// case: lazy initialization entirely inside the lock
// quiet
using System.Collections.Generic;

public sealed class CountryIndex
{
    private readonly object _gate = new object();
    private Dictionary<string, string>? _byCode;

    public string NameOf(string code)
    {
        lock (_gate)
        {
            if (_byCode == null)
            {
                _byCode = new Dictionary<string, string> { ["NL"] = "Netherlands" };
            }

            return _byCode.TryGetValue(code, out var name) ? name : code;
        }
    }
}
