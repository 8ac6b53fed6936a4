// case: predicate lambda that runs immediately inside the lock reads a guarded field
// quiet
using System.Collections.Generic;

public sealed class Playlist
{
    private readonly object _gate = new object();
    private readonly List<string> _tracks = new List<string>();
    private string _current = "";

    public void Play(string track)
    {
        lock (_gate)
        {
            _current = track;
            _tracks.Add(track);
        }
    }

    public int RemoveOthers()
    {
        lock (_gate)
        {
            return _tracks.RemoveAll(t => t != _current);
        }
    }
}
