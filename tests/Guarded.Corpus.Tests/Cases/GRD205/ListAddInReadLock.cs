// case: audit list appended while holding only the read lock
using System.Collections.Generic;
using System.Threading;

public sealed class DocumentIndex
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private readonly Dictionary<string, string> _docs = new Dictionary<string, string>();
    private readonly List<string> _queries = new List<string>();

    public string? Search(string term)
    {
        _lock.EnterReadLock();
        try
        {
            _queries.Add(term); // expect: GRD205
            return _docs.TryGetValue(term, out var doc) ? doc : null;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }
}
