using Cafe.Connections;
using Microsoft.Coyote.Specifications;

namespace Cafe.Tests.Scenarios;

/// <summary>Seed incident: shutdown and a failed health check both disconnected, and the display got two goodbyes.</summary>
public static class ConnectionScenarios
{
    /// <summary>Two disconnects of one open connection at once: one goodbye.</summary>
    public static async Task TwoDisconnectsAtOnce()
    {
        var link = new CountingKitchenLink();
        var connections = new ConnectionManager(link);
        await connections.ConnectAsync(CancellationToken.None);

        Task shutdown = Task.Run(connections.DisconnectAsync);
        Task healthCheck = Task.Run(connections.DisconnectAsync);
        await Task.WhenAll(new[] { shutdown, healthCheck });

        Specification.Assert(
            link.Goodbyes == 1 && !connections.IsConnected,
            "{0}: {1} goodbyes sent",
            Incidents.GoodbyeSentTwice,
            link.Goodbyes);
    }
}
