// case: bounded buffer that waits under an if instead of a loop (stolen wake-ups)
using System.Collections.Generic;
using System.Threading;

public sealed class BoundedBuffer
{
    private readonly object _gate = new object();
    private readonly Queue<byte[]> _frames = new Queue<byte[]>();
    private readonly int _capacity;

    public BoundedBuffer(int capacity) => _capacity = capacity;

    public void Put(byte[] frame)
    {
        lock (_gate)
        {
            if (_frames.Count == _capacity)
            {
                Monitor.Wait(_gate); // expect: GRD404
            }

            _frames.Enqueue(frame);
            Monitor.PulseAll(_gate);
        }
    }

    public byte[] Take()
    {
        lock (_gate)
        {
            if (_frames.Count == 0)
                Monitor.Wait(_gate); // expect: GRD404

            var frame = _frames.Dequeue();
            Monitor.PulseAll(_gate);
            return frame;
        }
    }
}
