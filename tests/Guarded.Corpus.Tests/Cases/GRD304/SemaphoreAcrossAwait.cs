// case: SemaphoreSlim held across an await
// quiet
using System.Threading;
using System.Threading.Tasks;

public sealed class SafeReceiptPrinter
{
    private readonly SemaphoreSlim _printGate = new SemaphoreSlim(1, 1);

    public async Task PrintAsync(string text)
    {
        await _printGate.WaitAsync();
        try
        {
            await Task.Delay(text.Length);
        }
        finally
        {
            _printGate.Release();
        }
    }
}
