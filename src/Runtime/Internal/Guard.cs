using System;
using System.Threading;

namespace Guarded.Internal;

/// <summary>Argument validation shared by the primitives; every failure is a clear <see cref="ArgumentException"/>.</summary>
internal static class Guard
{
    /// <summary>The largest finite timeout a <see cref="TimeProvider"/> timer accepts.</summary>
    internal static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    internal static T NotNull<T>(T? value, string parameterName)
        where T : class
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        return value;
    }

    internal static string NotNullOrWhiteSpace(string? value, string parameterName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        if (value.Trim().Length == 0)
        {
            throw new ArgumentException("The value must not be empty or white space.", parameterName);
        }

        return value;
    }

    internal static void NotNullKey<TKey>(TKey key, string parameterName)
    {
        if (key is null)
        {
            throw new ArgumentNullException(parameterName);
        }
    }

    /// <summary>Accepts <see cref="TimeSpan.Zero"/>, positive values up to <see cref="MaxTimeout"/> and <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    internal static void Timeout(TimeSpan timeout, string parameterName)
    {
        if (timeout == System.Threading.Timeout.InfiniteTimeSpan)
        {
            return;
        }

        if (timeout < TimeSpan.Zero || timeout > MaxTimeout)
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                timeout,
                "The timeout must be zero, positive (at most about 49 days) or Timeout.InfiniteTimeSpan.");
        }
    }

    internal static void Positive(TimeSpan value, string parameterName)
    {
        if (value <= TimeSpan.Zero || value > MaxTimeout)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "The value must be positive (at most about 49 days).");
        }
    }

    internal static void NotNegative(TimeSpan value, string parameterName)
    {
        if (value < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "The value must not be negative.");
        }
    }

    internal static void NotNegative(long value, string parameterName)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, "The value must not be negative.");
        }
    }
}
