// case: synchronous semaphore Wait and Release around a file write
using System.IO;
using System.Threading;

public sealed class LogFile
{
    private readonly SemaphoreSlim _writer = new SemaphoreSlim(1, 1);
    private readonly string _path;

    public LogFile(string path) => _path = path;

    public void Append(string line)
    {
        _writer.Wait();
        File.AppendAllText(_path, line + "\n");
        _writer.Release(); // expect: GRD303
    }
}
