// case: null check with an else branch that reuses the existing value
// quiet
using System.Text;
using System.Threading.Tasks;

public sealed class LogFormatter
{
    private StringBuilder? _scratch;

    public Task<string> FormatAsync(string message) => Task.Run(() => Format(message));

    private string Format(string message)
    {
        StringBuilder scratch;
        if (_scratch == null)
        {
            scratch = new StringBuilder();
        }
        else
        {
            scratch = _scratch;
        }

        return scratch.Append('[').Append(message).Append(']').ToString();
    }
}
