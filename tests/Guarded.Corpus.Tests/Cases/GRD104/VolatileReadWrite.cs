// case: flag read and written with Volatile.Read/Volatile.Write
// quiet
using System.Threading;

public sealed class CertificateStore
{
    private readonly object _gate = new object();
    private bool _ready;
    private string _thumbprint = "";

    public string Thumbprint()
    {
        if (!Volatile.Read(ref _ready))
        {
            lock (_gate)
            {
                if (!Volatile.Read(ref _ready))
                {
                    _thumbprint = "AB12";
                    Volatile.Write(ref _ready, true);
                }
            }
        }

        return _thumbprint;
    }
}
