// case: plugin host uses an int state as its double-checked flag
using System.Collections.Generic;

public sealed class PluginHost
{
    private const int Ready = 2;
    private readonly object _sync = new object();
    private int _state;
    private readonly List<string> _plugins = new List<string>();

    public IReadOnlyList<string> Plugins()
    {
        if (_state != Ready) // expect: GRD104
        {
            lock (_sync)
            {
                if (_state != Ready)
                {
                    _plugins.Add("auth");
                    _plugins.Add("billing");
                    _state = Ready;
                }
            }
        }

        return _plugins;
    }
}
