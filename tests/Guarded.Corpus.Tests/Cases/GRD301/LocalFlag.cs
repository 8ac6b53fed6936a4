// case: local success flag reset in finally
// quiet
using System.Threading.Tasks;

public sealed class Uploader
{
    public Task<bool> UploadAsync(byte[] data) => Task.Run(async () =>
    {
        var pending = data.Length > 0;
        if (!pending)
        {
            return false;
        }

        try
        {
            await Task.Delay(data.Length);
        }
        finally
        {
            pending = false;
        }

        return !pending;
    });
}
