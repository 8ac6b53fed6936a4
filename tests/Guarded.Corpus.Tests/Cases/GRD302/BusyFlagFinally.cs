// case: scanner busy flag set under the lock, cleared in finally without it
using System;

public sealed class BarcodeScanner
{
    private readonly object _gate = new object();
    private bool _busy;

    public bool TryScan(Action scan)
    {
        lock (_gate)
        {
            if (_busy)
            {
                return false;
            }

            _busy = true;
        }

        try
        {
            scan();
            return true;
        }
        finally
        {
            _busy = false; // expect: GRD302
        }
    }
}
