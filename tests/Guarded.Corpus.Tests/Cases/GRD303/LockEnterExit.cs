// case: System.Threading.Lock entered and exited explicitly
using System;
using System.Collections.Generic;
using System.Threading;

public sealed class FrameBuffer
{
    private readonly Lock _lock = new Lock();
    private readonly List<byte[]> _frames = new List<byte[]>();

    public void Push(byte[] frame)
    {
        _lock.Enter();
        _frames.Add(frame);
        Console.WriteLine(_frames.Count);
        _lock.Exit(); // expect: GRD303
    }
}
