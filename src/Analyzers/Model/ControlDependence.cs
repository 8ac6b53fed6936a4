using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Model;

/// <summary>Whether one operation runs only because of what another one found (the "act" of a check-then-act).</summary>
internal static class ControlDependence
{
    /// <summary>
    /// Whether <paramref name="act"/> runs only because of what <paramref name="check"/> found: it sits in a branch or
    /// loop whose condition contains the check (or a local the check produced), on the right of a <c>&amp;&amp;</c>/<c>||</c>
    /// after it, or after an <c>if</c> on the check that leaves the block.
    /// </summary>
    public static bool DependsOn(IOperation act, IOperation check)
    {
        var derivedLocals = LocalsProducedBy(check);
        var child = act;
        for (var parent = act.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            IOperation? condition = parent switch
            {
                IConditionalOperation conditional when child != conditional.Condition => conditional.Condition,
                IWhileLoopOperation loop when child != loop.Condition => loop.Condition,
                IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } binary when child == binary.RightOperand => binary.LeftOperand,
                ICoalesceOperation coalesce when child == coalesce.WhenNull => coalesce.Value,
                _ => null,
            };

            if (condition is not null && IsInformedBy(condition, check, derivedLocals))
            {
                return true;
            }

            if (parent is IBlockOperation block && FollowsExitingCheck(block, child, check, derivedLocals))
            {
                return true;
            }
        }

        return false;
    }

    private static bool FollowsExitingCheck(IBlockOperation block, IOperation statementOfAct, IOperation check, ImmutableArray<ILocalSymbol> derivedLocals)
    {
        foreach (var statement in block.Operations)
        {
            if (statement == statementOfAct)
            {
                return false;
            }

            if (statement is IConditionalOperation conditional &&
                IsInformedBy(conditional.Condition, check, derivedLocals) &&
                (conditional.WhenTrue.AlwaysExits() || conditional.WhenFalse.AlwaysExits()))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInformedBy(IOperation condition, IOperation check, ImmutableArray<ILocalSymbol> derivedLocals)
    {
        if (check.IsWithin(condition))
        {
            return true;
        }

        if (derivedLocals.IsEmpty)
        {
            return false;
        }

        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation local && derivedLocals.Contains(local.Local, (IEqualityComparer<ILocalSymbol>)SymbolEqualityComparer.Default))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The locals that carry the check's result: its <c>out</c> arguments and the local it is assigned to.</summary>
    private static ImmutableArray<ILocalSymbol> LocalsProducedBy(IOperation check)
    {
        var locals = ImmutableArray.CreateBuilder<ILocalSymbol>();
        if (check is IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref)
                {
                    switch (argument.Value)
                    {
                        case ILocalReferenceOperation local:
                            locals.Add(local.Local);
                            break;
                        case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared }:
                            locals.Add(declared.Local);
                            break;
                    }
                }
            }
        }

        for (var parent = check.Parent; parent is not null and not IBlockOperation; parent = parent.Parent)
        {
            switch (parent)
            {
                case IVariableDeclaratorOperation declarator:
                    locals.Add(declarator.Symbol);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target }:
                    locals.Add(target.Local);
                    break;
            }
        }

        return locals.ToImmutable();
    }
}
