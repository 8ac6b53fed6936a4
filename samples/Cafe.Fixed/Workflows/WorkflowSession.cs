namespace Cafe.Workflows;

/// <summary>
/// The live state of one order workflow (placed, brewing, ready, collected). Creating one loads the saved
/// state and registers the order with the kitchen display, so it is not cheap and must happen once per order.
/// </summary>
public sealed class WorkflowSession : IDisposable
{
    private readonly CancellationTokenSource _lifetime = new();

    /// <summary>Creates a session for <paramref name="workflowId"/> starting at <paramref name="stage"/>.</summary>
    public WorkflowSession(string workflowId, string stage, DateTimeOffset createdAt)
    {
        WorkflowId = workflowId;
        Stage = stage;
        CreatedAt = createdAt;
        LastActivity = createdAt;
    }

    /// <summary>The order workflow this session belongs to.</summary>
    public string WorkflowId { get; }

    /// <summary>Current stage of the order.</summary>
    public string Stage { get; set; }

    /// <summary>When the session was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Last time a request touched the session.</summary>
    public DateTimeOffset LastActivity { get; set; }

    /// <summary>Cancelled when the session is evicted.</summary>
    public CancellationToken Lifetime => _lifetime.Token;

    /// <inheritdoc />
    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }
}

/// <summary>Loads and announces workflow state.</summary>
public interface IWorkflowStore
{
    /// <summary>Loads the saved stage of a workflow, or "placed" for a new one.</summary>
    string LoadStage(string workflowId);

    /// <summary>Tells the kitchen display that a workflow is live on this node.</summary>
    void Announce(string workflowId);
}
