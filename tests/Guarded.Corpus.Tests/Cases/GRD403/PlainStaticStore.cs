// case: instances publish the last one created and build a shared default lazily: plain stores lose no update
// quiet
using System.Threading;

public sealed class Tracker
{
    private static Tracker? s_latest;
    private static string? s_defaultName;
    private int _uses;

    public Tracker()
    {
        s_latest = this;
    }

    public string Name => s_defaultName ??= "tracker";

    public void Use() => Interlocked.Increment(ref _uses);

    public static Tracker? Latest => s_latest;
}
