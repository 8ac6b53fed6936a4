// case: concurrent bag of log lines enumerated freely
// quiet
using System.Collections.Concurrent;
using System.Threading.Tasks;

public sealed class LogSink
{
    private readonly ConcurrentBag<string> _lines = new ConcurrentBag<string>();

    public Task WriteAsync(string line) => Task.Run(() => _lines.Add(line));

    public string Dump() => string.Join("\n", _lines);
}
