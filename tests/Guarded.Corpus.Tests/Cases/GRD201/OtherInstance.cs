// case: merge reads another instance's fields under that instance's own protocol
// quiet
public sealed class Histogram
{
    private readonly object _gate = new object();
    private long _count;

    public void Record()
    {
        lock (_gate)
        {
            _count++;
        }
    }

    public static long Combined(Histogram left, Histogram right) => left._count + right._count;
}
