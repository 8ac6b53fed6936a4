// case: cache reset to Empty without reading the old value
// quiet
using System.Collections.Immutable;
using System.Threading;

public sealed class ResultCache
{
    private ImmutableDictionary<string, string> _results = ImmutableDictionary<string, string>.Empty;
    private int _resets;

    public void Clear()
    {
        _results = ImmutableDictionary<string, string>.Empty;
        Interlocked.Increment(ref _resets);
    }

    public void Put(string key, string value) => ImmutableInterlocked.AddOrUpdate(ref _results, key, value, (_, _) => value);
}
