using Cafe.Payments;
using Microsoft.Coyote.Specifications;

namespace Cafe.Tests.Scenarios;

/// <summary>Seed incident: two tills charged one tab at once and one charge vanished; two orders spent the same credit.</summary>
public static class TabScenarios
{
    /// <summary>Two tills add to one open tab at once: the tab owes both charges.</summary>
    public static async Task TwoTillsChargeOneTab()
    {
        var tabs = new TabService();
        tabs.OpenTab("ana");

        Task a = Task.Run(() => tabs.AddToTab("ana", 4.50m));
        Task b = Task.Run(() => tabs.AddToTab("ana", 3.20m));
        await Task.WhenAll(new[] { a, b });

        decimal owed = tabs.CloseTab("ana");
        Specification.Assert(owed == 7.70m, "{0}: the tab owes {1}, expected 7.70", Incidents.TabChargeLost, owed);
    }

    /// <summary>Two orders paid from credit that covers one of them: exactly one is paid and the credit never goes negative.</summary>
    public static async Task TwoOrdersPayFromCreditForOne()
    {
        var tabs = new TabService();
        tabs.TopUp(5m);
        bool paidA = false;
        bool paidB = false;

        Task a = Task.Run(() => paidA = tabs.TryPayFromCredit(4m));
        Task b = Task.Run(() => paidB = tabs.TryPayFromCredit(4m));
        await Task.WhenAll(new[] { a, b });

        int paid = (paidA ? 1 : 0) + (paidB ? 1 : 0);
        Specification.Assert(
            paid == 1 && tabs.Balance == 1m,
            "{0}: {1} orders paid, balance {2}",
            Incidents.CreditSpentTwice,
            paid,
            tabs.Balance);
    }
}
