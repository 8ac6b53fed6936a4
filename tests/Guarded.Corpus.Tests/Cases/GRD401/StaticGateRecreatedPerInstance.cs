// case: a static lock object recreated by every instance's constructor, taken with Monitor.Enter
using System.Collections.Generic;
using System.Threading;

public sealed class AuditTrail
{
    private static object s_lock = new object();
    private static readonly List<string> s_entries = new List<string>();
    private readonly string _source;

    public AuditTrail(string source)
    {
        _source = source;
        s_lock = new object();
    }

    public void Record(string what)
    {
        Monitor.Enter(s_lock); // expect: GRD401
        try
        {
            s_entries.Add(_source + ": " + what);
        }
        finally
        {
            Monitor.Exit(s_lock);
        }
    }
}
