using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>Double-checked locking: an unguarded check, a guard, and the same check again under the guard.</summary>
internal static class DoubleCheck
{
    /// <summary>The double check whose unguarded outer condition contains <paramref name="read"/>: the outer <c>if</c> and the inner, guarded one.</summary>
    public static (IConditionalOperation Outer, IConditionalOperation Inner)? Around(IOperation read, WellKnownTypes types, ISymbol owner)
    {
        IConditionalOperation? outer = null;
        for (var current = read; current.Parent is { } parent; current = parent)
        {
            if (parent is IConditionalOperation conditional && conditional.Condition == current)
            {
                outer = conditional;
                break;
            }

            if (parent is IBlockOperation or IAnonymousFunctionOperation)
            {
                return null;
            }
        }

        if (outer is null)
        {
            return null;
        }

        foreach (var operation in outer.WhenTrue.Descendants())
        {
            if (operation is IConditionalOperation inner &&
                SyntaxFactory.AreEquivalent(inner.Condition.Syntax, outer.Condition.Syntax))
            {
                foreach (var region in GuardScanner.GetContext(inner, types, owner).Regions)
                {
                    if (region.Owner.IsWithin(outer.WhenTrue))
                    {
                        return (outer, inner);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="root"/> contains a double check that involves <paramref name="field"/>: its condition
    /// reads the field, or its guarded branch initializes it (assigns it or fills it). Unguarded reads of such a field in that body are the double
    /// check's fast path; whether they are safe is GRD104's question.
    /// </summary>
    public static bool Involves(IOperation root, IFieldSymbol field, WellKnownTypes types, ISymbol owner)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation is not IConditionalOperation outer || outer.WhenTrue is null)
            {
                continue;
            }

            foreach (var candidate in outer.WhenTrue.Descendants())
            {
                if (candidate is IConditionalOperation inner &&
                    SyntaxFactory.AreEquivalent(inner.Condition.Syntax, outer.Condition.Syntax) &&
                    IsGuardedWithin(inner, outer, types, owner) &&
                    (outer.Condition.ReadsOwnField(field) || inner.WhenTrue.ReadsOwnField(field)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsGuardedWithin(IConditionalOperation inner, IConditionalOperation outer, WellKnownTypes types, ISymbol owner)
    {
        foreach (var region in GuardScanner.GetContext(inner, types, owner).Regions)
        {
            if (region.Owner.IsWithin(outer.WhenTrue))
            {
                return true;
            }
        }

        return false;
    }
}
