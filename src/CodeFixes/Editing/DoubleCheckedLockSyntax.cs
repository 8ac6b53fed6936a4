using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Guarded.CodeFixes.Editing;

/// <summary>The syntax of double-checked locking the whole-block rewrites replace.</summary>
internal static class DoubleCheckedLockSyntax
{
    /// <summary>
    /// <c>if (C) { lock (G) { if (C) { … } } }</c> (braces optional, no <c>else</c>, nothing else in the outer
    /// <c>if</c> or in the <c>lock</c>): the lock and the inner <c>if</c>; null for any other statement.
    /// </summary>
    public static (LockStatementSyntax Lock, IfStatementSyntax Inner)? Match(IfStatementSyntax outer) =>
        outer.Else is null &&
        Only(outer.Statement) is LockStatementSyntax lockStatement &&
        Only(lockStatement.Statement) is IfStatementSyntax { Else: null } inner &&
        SyntaxFactory.AreEquivalent(inner.Condition, outer.Condition)
            ? (lockStatement, inner)
            : null;

    private static StatementSyntax? Only(StatementSyntax statement) => statement switch
    {
        BlockSyntax { Statements.Count: 1 } block => block.Statements[0],
        BlockSyntax => null,
        _ => statement,
    };
}
