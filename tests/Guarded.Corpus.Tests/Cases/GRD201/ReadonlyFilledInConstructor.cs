// case: readonly lookup filled in the constructor, read without a lock
// quiet
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class MimeTypes
{
    private readonly object _gate = new object();
    private readonly Dictionary<string, string> _byExtension = new Dictionary<string, string>();
    private int _lookups;

    public MimeTypes()
    {
        _byExtension[".json"] = "application/json";
        _byExtension[".png"] = "image/png";
    }

    public Task<string> LookupAsync(string extension) => Task.Run(() => Lookup(extension));

    private string Lookup(string extension)
    {
        lock (_gate)
        {
            _lookups++;
        }

        return _byExtension.TryGetValue(extension, out var type) ? type : "application/octet-stream";
    }
}
