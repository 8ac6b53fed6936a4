// case: a builder used by one thread at a time counts builds in a static; the type shows no concurrency at all, so
// GRD403 stays quiet; GRD105 (off by default) still sees the static counter, which builders on two threads share
public sealed class QueryBuilder
{
    private static int s_built;
    private string _text = string.Empty;

    public QueryBuilder Where(string clause)
    {
        _text += " WHERE " + clause;
        return this;
    }

    public string Build()
    {
        s_built++; // expect: GRD105
        return _text;
    }
}
