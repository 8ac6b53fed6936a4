// case: cache hit metric computed with ContainsKey before an atomic GetOrAdd
// quiet
using System.Collections.Concurrent;
using System.Threading;

public sealed class ThumbnailCache
{
    private readonly ConcurrentDictionary<string, byte[]> _thumbnails = new ConcurrentDictionary<string, byte[]>();
    private long _hits;

    public byte[] Get(string path)
    {
        if (_thumbnails.ContainsKey(path))
        {
            Interlocked.Increment(ref _hits);
        }

        return _thumbnails.GetOrAdd(path, p => new byte[p.Length]);
    }

    public long Hits => Interlocked.Read(ref _hits);
}
