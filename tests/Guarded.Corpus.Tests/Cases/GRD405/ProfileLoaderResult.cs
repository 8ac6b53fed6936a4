// case: an async method that blocks on other tasks with .Result and GetAwaiter().GetResult()
using System.Net.Http;
using System.Threading.Tasks;

public sealed class ProfileLoader
{
    private readonly HttpClient _http = new HttpClient();

    public async Task<string> LoadAsync(string user)
    {
        var profile = _http.GetStringAsync("/profiles/" + user).Result; // expect: GRD405
        var avatar = _http.GetByteArrayAsync("/avatars/" + user).ConfigureAwait(false).GetAwaiter().GetResult(); // expect: GRD405
        await Task.Yield();
        return profile + ":" + avatar.Length;
    }

    public async Task<int> SizeAsync(string user)
    {
        await Task.Yield();
        return _http.GetStringAsync("/profiles/" + user).Result.Length; // expect: GRD405
    }
}
