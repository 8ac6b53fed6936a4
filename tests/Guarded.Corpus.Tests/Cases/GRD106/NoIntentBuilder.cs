// case: single-threaded options builder accumulating an immutable list
// quiet
using System.Collections.Immutable;

public sealed class PipelineBuilder
{
    private ImmutableList<string> _steps = ImmutableList<string>.Empty;

    public PipelineBuilder Use(string step)
    {
        _steps = _steps.Add(step);
        return this;
    }

    public ImmutableList<string> Build() => _steps;
}
