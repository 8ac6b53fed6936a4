// case: per-document lock removed in finally after the edit
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

public sealed class DocumentEditor
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _editing = new ConcurrentDictionary<string, SemaphoreSlim>();

    public async Task EditAsync(string documentId, string text)
    {
        var gate = _editing.GetOrAdd(documentId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            await Task.Delay(text.Length);
        }
        finally
        {
            gate.Release();
            _editing.TryRemove(documentId, out _); // expect: GRD107
        }
    }
}
