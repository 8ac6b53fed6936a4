using System;
using System.Diagnostics;
using System.Threading;

namespace Guarded.PostgreSql;

/// <summary>Options for <see cref="PostgreSqlSessionLocks{TKey}"/>.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
[DebuggerDisplay("Namespace = {Namespace}, DefaultTimeout = {DefaultTimeout}")]
public sealed class PostgreSqlSessionLocksOptions<TKey>
    where TKey : notnull
{
    private string _namespace = "default";

    /// <summary>
    /// Gets or sets the lock space (default <c>default</c>): locks of the same key in different namespaces are independent.
    /// Every process that must exclude the same holders uses the same namespace.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    /// <exception cref="ArgumentException">The value is empty or white space.</exception>
    public string Namespace
    {
        get => _namespace;
        set => _namespace = PostgreSqlLedgerOptions.NotBlank(value, nameof(Namespace));
    }

    /// <summary>
    /// Gets or sets how a key is written as text before it is hashed into the 64-bit advisory-lock id; <see langword="null"/>
    /// (the default) uses <see cref="IFormattable.ToString(string, IFormatProvider)"/> with the invariant culture, or
    /// <see cref="object.ToString"/>. Keys that format to the same text share one lock; the text must not depend on the
    /// process (no default <see cref="object.ToString"/> of a reference type, no <see cref="object.GetHashCode"/>). It must
    /// not return null (the lock id and acquisitions then throw <see cref="InvalidOperationException"/>); its exceptions
    /// propagate from them.
    /// </summary>
    public Func<TKey, string>? KeyFormatter { get; set; }

    /// <summary>Gets or sets the timeout of the overloads without one; <see cref="Timeout.InfiniteTimeSpan"/> (the default) waits forever.</summary>
    public TimeSpan DefaultTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Gets or sets the instance name, published as the <c>guarded.name</c> tag of the session-lock metrics.</summary>
    public string? Name { get; set; }
}
