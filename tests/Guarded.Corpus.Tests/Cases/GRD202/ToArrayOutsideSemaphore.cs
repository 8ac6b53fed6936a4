// case: upload list copied with ToArray outside the SemaphoreSlim that guards it
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class UploadTracker
{
    private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
    private readonly List<string> _uploads = new List<string>();

    public async Task StartAsync(string file)
    {
        await _mutex.WaitAsync();
        try
        {
            _uploads.Add(file);
        }
        finally
        {
            _mutex.Release();
        }
    }

    public string[] Current() => _uploads.ToArray(); // expect: GRD202
}
