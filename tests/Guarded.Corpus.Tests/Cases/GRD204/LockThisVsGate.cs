// case: lock (this) in one member, a private gate in the others
public sealed class Thermostat
{
    private readonly object _gate = new object();
    private double _target;

    public void Raise()
    {
        lock (_gate)
        {
            _target += 0.5;
        }
    }

    public void Lower()
    {
        lock (_gate)
        {
            _target -= 0.5;
        }
    }

    public void Set(double target)
    {
        lock (this) // expect: GRD402
        {
            _target = target; // expect: GRD204
        }
    }
}
