// case: compaction swaps in a new lock object with Interlocked.Exchange while adds may hold the old one
using System.Threading;

public sealed class SlotTable
{
    private object _gate = new object();
    private string?[] _slots = new string?[16];
    private int _used;

    public void Add(string value)
    {
        lock (_gate) // expect: GRD401
        {
            if (_used == _slots.Length)
            {
                Grow();
            }

            _slots[_used++] = value;
        }
    }

    public void Compact()
    {
        Interlocked.Exchange(ref _gate, new object());
        lock (_gate) // expect: GRD401
        {
            System.Array.Resize(ref _slots, _used);
        }
    }

    private void Grow() => System.Array.Resize(ref _slots, _slots.Length * 2);
}
