// case: async callbacks (a lambda and a local function) that block on tasks with Wait()
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class CacheWarmup
{
    private readonly List<Func<Task>> _steps = new List<Func<Task>>();

    public void Add(Func<Task> load, Func<Task> flush)
    {
        _steps.Add(async () =>
        {
            load().Wait(); // expect: GRD405
            await flush();
        });
    }

    public Task RunAsync(Task previous, CancellationToken cancellationToken)
    {
        return RunStepsAsync();

        async Task RunStepsAsync()
        {
            previous.Wait(cancellationToken); // expect: GRD405
            foreach (var step in _steps)
            {
                await step();
            }
        }
    }
}
