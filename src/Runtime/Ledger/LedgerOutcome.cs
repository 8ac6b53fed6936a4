namespace Guarded;

/// <summary>How a ledger update ended.</summary>
public enum LedgerOutcome
{
    /// <summary>The new state was committed (and, with a journal, flushed to disk) as the next version.</summary>
    Committed,

    /// <summary>The key's version was not the expected one; <c>decide</c> did not run and nothing changed.</summary>
    Conflict,

    /// <summary><c>decide</c> rejected the update; nothing changed.</summary>
    Rejected,
}
