using System;

namespace Guarded;

/// <summary>The exception thrown when a <see cref="SessionLocks{TKey}"/> acquisition times out.</summary>
public sealed class SessionLockTimeoutException : TimeoutException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public SessionLockTimeoutException()
        : base("Timed out waiting for a session lock.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public SessionLockTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public SessionLockTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for a key and timeout; the message names both.</summary>
    /// <param name="key">The key whose lock was not acquired.</param>
    /// <param name="timeout">The timeout that elapsed.</param>
    public SessionLockTimeoutException(object key, TimeSpan timeout)
        : base($"Timed out after {timeout} waiting for the session lock of key '{key}'.")
    {
        Key = key;
        Timeout = timeout;
    }

    /// <summary>Gets the key whose lock was not acquired, when known.</summary>
    public object? Key { get; }

    /// <summary>Gets the timeout that elapsed, when known.</summary>
    public TimeSpan? Timeout { get; }
}
