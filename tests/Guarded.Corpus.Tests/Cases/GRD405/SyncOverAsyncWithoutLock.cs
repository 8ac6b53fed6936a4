// case: synchronous code that blocks on a task without holding a lock, a continuation, and Main
// quiet
using System.Threading.Tasks;

public static class ConfigBootstrap
{
    public static string Load(Task<string> read) => read.GetAwaiter().GetResult();

    public static Task<int> LengthAsync(Task<string> read) =>
        read.ContinueWith(done => done.Result.Length);

    public static async Task Main()
    {
        var text = ReadAsync().Result;
        await Task.Delay(text.Length);
    }

    private static Task<string> ReadAsync() => Task.FromResult("config");
}
