// case: async schema initializer behind a plain bool and a SemaphoreSlim
using System.Threading;
using System.Threading.Tasks;

public sealed class SchemaInitializer
{
    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
    private bool _initialized;
    private string _version = "";

    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        if (!_initialized) // expect: GRD104
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (!_initialized)
                {
                    _version = await MigrateAsync(cancellationToken);
                    _initialized = true;
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        return _version;
    }

    private static Task<string> MigrateAsync(CancellationToken cancellationToken) => Task.FromResult("v42");
}
