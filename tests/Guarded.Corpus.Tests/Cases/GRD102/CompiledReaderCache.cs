// case: a column reader caches, per field type, a delegate it compiles from the reader and the session options: any compilation for the type is as good as the first
// quiet
using System;
using System.Collections.Concurrent;
using System.Linq.Expressions;

public sealed class ColumnReader
{
    private readonly ConcurrentDictionary<Type, Func<object, object>> _converters = new ConcurrentDictionary<Type, Func<object, object>>();

    public object Read(Row row, SessionOptions options)
    {
        var fieldType = row.FieldTypeAt(0);
        if (!_converters.TryGetValue(fieldType, out var convert))
        {
            var input = Expression.Parameter(typeof(object));
            var body = options.Trim ? Expression.Call(input, typeof(object).GetMethod(nameof(ToString))!) : (Expression)input;
            var lambda = Expression.Lambda<Func<object, object>>(body, input);
            _converters[fieldType] = convert = lambda.Compile();
        }

        return convert(row.ValueAt(0));
    }
}

public sealed class Row
{
    public Type FieldTypeAt(int index) => typeof(string);

    public object ValueAt(int index) => string.Empty;
}

public sealed class SessionOptions
{
    public bool Trim { get; set; }
}
