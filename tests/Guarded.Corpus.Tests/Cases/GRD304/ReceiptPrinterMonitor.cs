// case: receipt printer holds a Monitor across an await
using System.Threading;
using System.Threading.Tasks;

public sealed class ReceiptPrinter
{
    // Receipts must not interleave on the printer.
    private readonly object _printLock = new object();

    public async Task PrintAsync(string text)
    {
        Monitor.Enter(_printLock); // expect: GRD304
        try
        {
            await Task.Delay(text.Length);
        }
        finally
        {
            Monitor.Exit(_printLock);
        }
    }
}
