// case: a task kept in a property, read after the object's own protocol completed it
// quiet
using System.Threading.Tasks;

public sealed class RetryingCall
{
    private readonly TaskCompletionSource<string> _committed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _written = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task<string> CommittedCallTask => _committed.Task;

    public void Commit(string call, bool written)
    {
        _committed.TrySetResult(call);
        _written.TrySetResult(written);
    }

    public async Task<string> WriteAsync()
    {
        if (await _written.Task.ConfigureAwait(false))
        {
            return "written";
        }

        // A failed write always follows a commit.
        return "failed on " + CommittedCallTask.Result;
    }
}
