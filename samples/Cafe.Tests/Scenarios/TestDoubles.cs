using Cafe.Connections;
using Cafe.Workflows;

namespace Cafe.Tests.Scenarios;

/// <summary>Time that moves only when a test says so; its timers never fire (tests call the swept code themselves).</summary>
public sealed class ManualTime : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new IdleTimer();

    private sealed class IdleTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Counts how often each workflow was loaded and announced to the kitchen.</summary>
public sealed class CountingWorkflowStore : IWorkflowStore
{
    private int _announcements;

    public int Announcements => Volatile.Read(ref _announcements);

    public string LoadStage(string workflowId) => "placed";

    public void Announce(string workflowId) => Interlocked.Increment(ref _announcements);
}

/// <summary>A kitchen display link that counts goodbyes; every async write yields, as a socket write would.</summary>
public sealed class CountingKitchenLink : IKitchenDisplayLink
{
    private int _goodbyes;

    public int Goodbyes => Volatile.Read(ref _goodbyes);

    public Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void WriteLine(string line)
    {
    }

    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        if (line == "BYE")
        {
            Interlocked.Increment(ref _goodbyes);
        }

        await Task.Yield();
    }

    public async Task CloseAsync() => await Task.Yield();
}
