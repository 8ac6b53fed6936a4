// case: background checksum loop counts in locals
// quiet
using System.Threading.Tasks;

public sealed class ChecksumWorker
{
    public Task<int> ComputeAsync(byte[] data) => Task.Run(() =>
    {
        var sum = 0;
        var count = 0;
        foreach (var b in data)
        {
            sum += b;
            count++;
        }

        return sum ^ count;
    });
}
