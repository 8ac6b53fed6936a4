// case: System.Threading.Lock entered explicitly and held across an await
using System.Threading;
using System.Threading.Tasks;

public sealed class AudioMixer
{
    private readonly Lock _mixLock = new Lock();
    private int _tracks;

    public async Task AddTrackAsync()
    {
        _mixLock.Enter(); // expect: GRD304
        try
        {
            await Task.Delay(1);
            _tracks++;
        }
        finally
        {
            _mixLock.Exit();
        }
    }
}
