// case: a recorded call keeps a private copy of its arguments on first read, swapping it in with CompareExchange only if nobody did first; the stale comparand is not used afterwards
// quiet
using System.Threading;

public sealed class RecordedCall
{
    private readonly object?[] _arguments;
    private object?[] _originalArguments;

    public RecordedCall(object?[] arguments)
    {
        _arguments = arguments;
        _originalArguments = arguments;
    }

    public object?[] Arguments()
    {
        var original = _originalArguments;
        if (original == _arguments && original.Length > 0)
        {
            var copy = (object?[])original.Clone();
            Interlocked.CompareExchange(ref _originalArguments, copy, original);
        }

        return _arguments;
    }

    public object?[] OriginalArguments() => _originalArguments;
}
