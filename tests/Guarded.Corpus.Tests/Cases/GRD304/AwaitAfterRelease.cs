// case: Monitor released before the await
// quiet
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class EventSink
{
    private readonly object _gate = new object();
    private readonly List<string> _events = new List<string>();

    public async Task RecordAsync(string e)
    {
        string[] batch;
        Monitor.Enter(_gate);
        try
        {
            _events.Add(e);
            batch = _events.ToArray();
        }
        finally
        {
            Monitor.Exit(_gate);
        }

        await Task.Delay(batch.Length);
    }
}
