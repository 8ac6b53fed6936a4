// case: audit trail kept in an ImmutableQueue in a [ThreadSafe] service
using System.Collections.Immutable;
using Guarded;

[ThreadSafe]
public sealed class AuditTrail
{
    private ImmutableQueue<string> _entries = ImmutableQueue<string>.Empty;

    public void Write(string entry)
    {
        _entries = _entries.Enqueue(entry); // expect: GRD106
    }

    public int Count()
    {
        var count = 0;
        foreach (var _ in _entries)
        {
            count++;
        }

        return count;
    }
}
