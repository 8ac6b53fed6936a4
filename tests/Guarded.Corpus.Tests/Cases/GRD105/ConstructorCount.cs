// case: instance ids counted in the constructor of the owning type: GRD105 leaves constructors alone, and the
// static counter that every instance shares is GRD403's finding
using System.Threading;

public sealed class Connection
{
    private static int s_created;
    private int _uses;

    public Connection()
    {
        s_created++; // expect: GRD403
        Id = s_created;
    }

    public int Id { get; }

    public void Use() => Interlocked.Increment(ref _uses);
}
