using System.Globalization;
using System.Text;

namespace Cafe.Util;

/// <summary>Formats a receipt; every call works on its own locals only.</summary>
public static class ReceiptFormatter
{
    /// <summary>Formats <paramref name="items"/> as a receipt, merging repeated items into one line.</summary>
    public static string Format(string orderId, IEnumerable<MenuItem> items, CultureInfo culture)
    {
        var quantities = new Dictionary<string, int>(StringComparer.Ordinal);
        var prices = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (MenuItem item in items)
        {
            if (!quantities.ContainsKey(item.Name))
            {
                quantities[item.Name] = 0;
                prices.Add(item.Name, item.Price);
            }

            quantities[item.Name] = quantities[item.Name] + 1;
        }

        var receipt = new StringBuilder();
        receipt.Append(culture, $"Order {orderId}").AppendLine();
        decimal total = 0m;
        foreach (KeyValuePair<string, int> line in quantities)
        {
            decimal amount = prices[line.Key] * line.Value;
            total += amount;
            receipt.Append(culture, $"{line.Value,3} x {line.Key,-24}{amount,10:C}").AppendLine();
        }

        receipt.Append(culture, $"{"Total",-30}{total,10:C}").AppendLine();
        return receipt.ToString();
    }
}
