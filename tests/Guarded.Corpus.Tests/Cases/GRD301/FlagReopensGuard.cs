// case: finally stores the value that lets callers through again (guard left open)
// quiet
using System.Threading.Tasks;

public sealed class Flusher
{
    private bool _flushing;

    public Task FlushLater() => Task.Run(Flush);

    public void Flush()
    {
        if (_flushing)
        {
            return;
        }

        try
        {
            System.Console.WriteLine("flush");
        }
        finally
        {
            _flushing = false;
        }
    }
}
