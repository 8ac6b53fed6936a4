using Cafe.Workflows;
using Microsoft.Coyote.Specifications;

namespace Cafe.Tests.Scenarios;

/// <summary>Seed incident: two requests for a new order both missed the cache and both created its session.</summary>
public static class WorkflowScenarios
{
    /// <summary>Two requests for the same new order at once: one session, created and announced once, shared by both.</summary>
    public static async Task TwoRequestsForANewOrder()
    {
        var store = new CountingWorkflowStore();
        var cache = new WorkflowSessionCache(store, TimeSpan.FromMinutes(5), new ManualTime());
        WorkflowSession? first = null;
        WorkflowSession? second = null;

        Task a = Task.Run(() => first = cache.GetOrCreate("order-17"));
        Task b = Task.Run(() => second = cache.GetOrCreate("order-17"));
        await Task.WhenAll(new[] { a, b });

        Specification.Assert(
            store.Announcements == 1 && ReferenceEquals(first, second),
            "{0}: announced {1} times, {2}",
            Incidents.SessionCreatedTwice,
            store.Announcements,
            ReferenceEquals(first, second) ? "both requests got the same session" : "the requests got different sessions");
    }
}
