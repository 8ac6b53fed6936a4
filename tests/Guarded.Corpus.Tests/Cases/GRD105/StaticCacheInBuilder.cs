// case: a per-query builder with a static thread-safe cache; the static cache does not make its instances shared
// quiet
using System;
using System.Collections.Concurrent;
using System.Text;

public sealed class QueryText
{
    private static readonly ConcurrentDictionary<Type, string> s_tableNames = new ConcurrentDictionary<Type, string>();

    private readonly StringBuilder _text = new StringBuilder();
    private int _indent;

    public QueryText From(Type table)
    {
        _text.Append(' ', _indent * 2).Append("FROM ").Append(s_tableNames.GetOrAdd(table, t => t.Name));
        return this;
    }

    public QueryText Nested(Action<QueryText> build)
    {
        _indent++;
        build(this);
        _indent--;
        return this;
    }

    public override string ToString() => _text.ToString();
}
