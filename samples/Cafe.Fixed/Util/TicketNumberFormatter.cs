using System.Text;

namespace Cafe.Util;

/// <summary>Formats ticket numbers such as <c>A-0042</c> with one reusable buffer per thread.</summary>
public static class TicketNumberFormatter
{
    [ThreadStatic]
    private static StringBuilder? _buffer;

    /// <summary>Formats <paramref name="number"/> for the counter identified by <paramref name="counter"/>.</summary>
    public static string Format(char counter, int number)
    {
        if (_buffer == null)
        {
            _buffer = new StringBuilder(16);
        }

        _buffer.Clear();
        _buffer.Append(counter).Append('-').Append((number % 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
        return _buffer.ToString();
    }
}
