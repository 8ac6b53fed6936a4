// case: a token string swapped under the semaphore and read alone without it: the reader gets the old or the new token whole (stale read)
// quiet
using System.Threading;
using System.Threading.Tasks;

public sealed class TokenProvider
{
    private readonly SemaphoreSlim _refresh = new SemaphoreSlim(1, 1);
    private string _token = "";

    public async Task RefreshAsync()
    {
        await _refresh.WaitAsync();
        try
        {
            _token = await Task.FromResult("fresh");
        }
        finally
        {
            _refresh.Release();
        }
    }

    public string Header() => "Bearer " + _token;
}
