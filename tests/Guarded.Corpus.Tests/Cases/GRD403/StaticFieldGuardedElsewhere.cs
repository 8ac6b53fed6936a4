// case: a static list guarded by a static lock in every access but one is GRD201's finding (it names the guard), not GRD403's
using System.Collections.Generic;

public sealed class Subscriber
{
    private static readonly object s_gate = new object();
    private static readonly List<Subscriber> s_all = new List<Subscriber>();
    private readonly object _inbox = new object();

    public void Subscribe()
    {
        lock (s_gate)
        {
            s_all.Add(this);
        }
    }

    public void Unsubscribe()
    {
        lock (_inbox)
        {
        }

        s_all.Remove(this); // expect: GRD201
    }
}
