// case: lock statement, then an await outside it
// quiet
using System.Threading.Tasks;

public sealed class Heartbeat
{
    private readonly object _gate = new object();
    private int _beats;

    public async Task BeatAsync()
    {
        int beats;
        lock (_gate)
        {
            beats = ++_beats;
        }

        await Task.Delay(beats % 10);
    }
}
