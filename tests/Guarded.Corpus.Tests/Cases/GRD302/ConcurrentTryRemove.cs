// case: concurrent dictionary entry removed in finally; Count logged
// quiet
using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;

public sealed class Downloads
{
    private readonly ConcurrentDictionary<Guid, string> _active = new ConcurrentDictionary<Guid, string>();

    public async Task DownloadAsync(Guid id, string url)
    {
        _active[id] = url;
        try
        {
            await Task.Delay(url.Length);
        }
        finally
        {
            _active.TryRemove(id, out _);
            Console.WriteLine(_active.Count);
        }
    }
}
