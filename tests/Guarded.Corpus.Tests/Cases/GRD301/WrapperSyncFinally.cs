// case: [ThreadSafe] printer wraps its work in a check and resets the ready flag in finally
using System;
using Guarded;

[ThreadSafe]
public sealed class LabelPrinter
{
    private bool _ready = true;

    public void Print(string label)
    {
        if (_ready)
        {
            try
            {
                Console.WriteLine(label);
            }
            finally
            {
                _ready = false; // expect: GRD301
            }
        }
    }

    public void Reload() => _ready = true;
}
