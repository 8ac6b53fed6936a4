// case: single-threaded setup wizard resets its step flag after an await
// quiet
using System.Threading.Tasks;

public sealed class SetupWizard
{
    private bool _finished;

    public async Task FinishAsync()
    {
        if (_finished)
        {
            return;
        }

        await Task.Delay(1);
        _finished = true;
    }
}
