// case: single-threaded query builder counts parameters
// quiet
using System.Text;

public sealed class SqlBuilder
{
    private readonly StringBuilder _sql = new StringBuilder();
    private int _parameters;

    public SqlBuilder Where(string column)
    {
        _parameters++;
        _sql.Append(" AND ").Append(column).Append(" = @p").Append(_parameters);
        return this;
    }

    public override string ToString() => _sql.ToString();
}
