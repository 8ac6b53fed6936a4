// case: Monitor.TryEnter with a timeout, then an await before Exit
using System;
using System.Threading;
using System.Threading.Tasks;

public sealed class LabelQueue
{
    private readonly object _gate = new object();

    public async Task<bool> TryPrintAsync(string label)
    {
        if (!Monitor.TryEnter(_gate, TimeSpan.FromSeconds(1))) // expect: GRD304
        {
            return false;
        }

        try
        {
            await Task.Delay(label.Length);
            return true;
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }
}
