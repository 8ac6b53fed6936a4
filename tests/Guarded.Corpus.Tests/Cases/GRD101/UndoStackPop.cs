// case: undo history popped after an emptiness check, version bumped with Interlocked
using System.Collections.Generic;
using System.Threading;

public sealed class UndoHistory
{
    private readonly Stack<string> _frames = new Stack<string>();
    private int _version;

    public void Push(string frame)
    {
        _frames.Push(frame);
        Interlocked.Increment(ref _version);
    }

    public string? Undo()
    {
        if (_frames.Count == 0) // expect: GRD101
        {
            return null;
        }

        Interlocked.Increment(ref _version);
        return _frames.Pop();
    }
}
