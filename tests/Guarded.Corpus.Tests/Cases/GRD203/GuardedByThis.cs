// case: field guarded by "this", read without lock (this)
using Guarded;

public sealed class Odometer
{
    [GuardedBy("this")]
    private double _kilometres;

    public void Drive(double km)
    {
        lock (this) // expect: GRD402
        {
            _kilometres += km;
        }
    }

    public double Reading() => _kilometres; // expect: GRD203
}
