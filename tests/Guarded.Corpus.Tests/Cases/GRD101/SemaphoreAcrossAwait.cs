// case: async token store holds a SemaphoreSlim across the await and the check-then-act
// quiet
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class AccessTokenStore
{
    private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
    private readonly Dictionary<string, string> _tokens = new Dictionary<string, string>();

    public async Task<string> GetAsync(string audience, CancellationToken cancellationToken)
    {
        await _mutex.WaitAsync(cancellationToken);
        try
        {
            if (!_tokens.TryGetValue(audience, out var token))
            {
                token = await FetchAsync(audience, cancellationToken);
                _tokens[audience] = token;
            }

            return token;
        }
        finally
        {
            _mutex.Release();
        }
    }

    private static Task<string> FetchAsync(string audience, CancellationToken cancellationToken) =>
        Task.FromResult("token-for-" + audience);
}
