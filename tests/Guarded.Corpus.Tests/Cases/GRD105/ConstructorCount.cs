// case: instance ids counted in the constructor of the owning type
// quiet
using System.Threading;

public sealed class Connection
{
    private static int s_created;
    private int _uses;

    public Connection()
    {
        s_created++;
        Id = s_created;
    }

    public int Id { get; }

    public void Use() => Interlocked.Increment(ref _uses);
}
