// case: warm-up phase tracked in an enum field, checked outside Monitor.Enter
using System.Threading;

public sealed class ModelWarmup
{
    private enum Phase { Cold, Warm }

    private readonly object _gate = new object();
    private Phase _phase;
    private double[] _weights = new double[0];

    public double[] Weights()
    {
        if (_phase != Phase.Warm) // expect: GRD104
        {
            Monitor.Enter(_gate);
            try
            {
                if (_phase != Phase.Warm)
                {
                    _weights = new double[] { 0.1, 0.2 };
                    _phase = Phase.Warm;
                }
            }
            finally
            {
                Monitor.Exit(_gate);
            }
        }

        return _weights;
    }
}
