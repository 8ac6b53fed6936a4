// case: a builder counts its own parts, and all builders share a static counter updated without Interlocked
using System.Threading;

public sealed class RequestBuilder
{
    private static int s_built;
    private static long s_ids;
    private int _headers;

    public RequestBuilder Header(string name)
    {
        _headers++;
        return this;
    }

    public long Build()
    {
        s_built++; // expect: GRD105
        return Interlocked.Increment(ref s_ids);
    }
}
