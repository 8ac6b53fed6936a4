// case: tenant settings assigned to the field and then loaded through it
using System.Collections.Generic;

public sealed class TenantSettings
{
    private readonly object _gate = new object();
    private Settings? _settings;

    public Settings Current(string path)
    {
        if (_settings is null)
        {
            lock (_gate)
            {
                if (_settings is null)
                {
                    _settings = new Settings(); // expect: GRD104
                    _settings.Load(path);
                }
            }
        }

        return _settings;
    }
}

public sealed class Settings
{
    public Dictionary<string, string> Values { get; } = new Dictionary<string, string>();

    public void Load(string path) => Values["source"] = path;
}
