// case: feature flag evaluation reads the indexer after ContainsKey
using System.Collections.Concurrent;

public sealed class FeatureFlags
{
    private readonly ConcurrentDictionary<string, bool> _overrides = new ConcurrentDictionary<string, bool>();

    public void Override(string flag, bool enabled) => _overrides[flag] = enabled;

    public void Reset(string flag) => _overrides.TryRemove(flag, out _);

    public bool IsEnabled(string flag, bool defaultValue)
    {
        if (_overrides.ContainsKey(flag)) // expect: GRD102
        {
            return _overrides[flag];
        }

        return defaultValue;
    }
}
