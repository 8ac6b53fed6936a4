// case: request statistics counted from Task.Run work items
using System.Threading.Tasks;

public sealed class RequestStats
{
    private int _requests;
    private long _bytes;

    public void Start(long size) => Task.Run(() => Record(size));

    public void Record(long size)
    {
        _requests++; // expect: GRD105
        _bytes += size; // expect: GRD105
    }
}
