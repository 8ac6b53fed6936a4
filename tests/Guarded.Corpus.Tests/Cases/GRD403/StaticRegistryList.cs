// case: every worker registers itself in a static list; two workers starting at once corrupt the list
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class BackgroundWorker
{
    private static readonly List<BackgroundWorker> s_running = new List<BackgroundWorker>();
    private Task? _loop;

    public void Start()
    {
        s_running.Add(this); // expect: GRD403
        _loop = Task.Run(Loop);
    }

    public void Stop()
    {
        s_running.Remove(this); // expect: GRD403
    }

    private void Loop()
    {
    }
}
