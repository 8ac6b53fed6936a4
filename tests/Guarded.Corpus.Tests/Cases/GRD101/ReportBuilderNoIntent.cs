// case: single-threaded report builder with check-then-act on its own dictionary
// quiet
using System.Collections.Generic;
using System.Text;

public sealed class InvoiceReportBuilder
{
    private readonly Dictionary<string, decimal> _totals = new Dictionary<string, decimal>();

    public InvoiceReportBuilder Add(string customer, decimal amount)
    {
        if (!_totals.ContainsKey(customer))
        {
            _totals[customer] = 0m;
        }

        _totals[customer] += amount;
        return this;
    }

    public string Build()
    {
        var text = new StringBuilder();
        foreach (var pair in _totals)
        {
            text.Append(pair.Key).Append(": ").Append(pair.Value).AppendLine();
        }

        return text.ToString();
    }
}
