// case: configuration loaded through Lazy<T>
// quiet
using System;
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class SettingsProvider
{
    private readonly Lazy<IReadOnlyDictionary<string, string>> _settings =
        new Lazy<IReadOnlyDictionary<string, string>>(Load);

    public Task WarmUpAsync() => Task.Run(() => _settings.Value.Count);

    public string Get(string key) => _settings.Value.TryGetValue(key, out var value) ? value : string.Empty;

    private static IReadOnlyDictionary<string, string> Load() => new Dictionary<string, string> { ["region"] = "eu" };
}
