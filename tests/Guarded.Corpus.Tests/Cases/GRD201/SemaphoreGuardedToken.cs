// case: access token refreshed under a SemaphoreSlim, read without it
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

    public string Header() => "Bearer " + _token; // expect: GRD201
}
