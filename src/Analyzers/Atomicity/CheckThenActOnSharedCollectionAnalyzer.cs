using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Atomicity;

/// <summary>
/// GRD101: a check (<c>ContainsKey</c>, <c>TryGetValue</c>, <c>Count</c>, an indexer read, …) and an act that depends
/// on it (<c>Add</c>, an indexer set, <c>Remove</c>, …) on the same shared non-concurrent collection, not inside one
/// guard region.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CheckThenActOnSharedCollectionAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.CheckThenActOnSharedCollection);

    private protected override void AnalyzeType(TypeConcurrencyModel model, SymbolAnalysisContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            if (!model.Types.IsNonConcurrentCollection(field.Type) || !model.IsSharedState(field) || Annotations.IsDeclaredBenign(field))
            {
                continue;
            }

            AnalyzeField(model, field, context);
        }
    }

    private static void AnalyzeField(TypeConcurrencyModel model, IFieldSymbol field, SymbolAnalysisContext context)
    {
        var checks = new List<(FieldAccess Access, CollectionOperation Operation)>();
        var acts = new List<(FieldAccess Access, CollectionOperation Operation)>();
        foreach (var access in model.AccessesOf(field))
        {
            if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member))
            {
                continue;
            }

            var operation = CollectionOperation.Classify(access.Operation);
            if (operation.Kind == CollectionOperationKind.Check)
            {
                checks.Add((access, operation));
            }
            else if (operation.Kind == CollectionOperationKind.Act)
            {
                acts.Add((access, operation));
            }
        }

        if (checks.Count == 0 || acts.Count == 0)
        {
            return;
        }

        GuardUse? dominantGuard = null;
        var dominantGuardComputed = false;
        foreach (var check in checks)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            List<(FieldAccess Access, CollectionOperation Operation)>? racingActs = null;
            foreach (var act in acts)
            {
                if (act.Access.Context.ExecutableRoot == check.Access.Context.ExecutableRoot &&
                    check.Operation.ConcernsSameKeyAs(act.Operation) &&
                    DependsOn(act.Operation.Operation, check.Operation.Operation) &&
                    !model.AreInOneGuardRegion(check.Access, act.Access))
                {
                    (racingActs ??= new()).Add(act);
                }
            }

            if (racingActs is null)
            {
                continue;
            }

            if (!dominantGuardComputed)
            {
                dominantGuard = model.DominantGuardOf(field);
                dominantGuardComputed = true;
            }

            context.ReportDiagnostic(CreateDiagnostic(model, field, check.Operation, racingActs, dominantGuard));
        }
    }

    private static Diagnostic CreateDiagnostic(
        TypeConcurrencyModel model,
        IFieldSymbol field,
        CollectionOperation check,
        List<(FieldAccess Access, CollectionOperation Operation)> acts,
        GuardUse? guard)
    {
        var additionalLocations = new List<Location>(acts.Count + 1);
        foreach (var act in acts)
        {
            additionalLocations.Add(act.Operation.Operation.Syntax.GetLocation());
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[GuardProperties.FieldName] = field.Name;
        properties[GuardProperties.FieldIsStatic] = field.IsStatic ? "true" : "false";
        properties[GuardProperties.ActCount] = acts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);

        string guardPhrase;
        if (guard is not null)
        {
            additionalLocations.Add(guard.Example.Operation.Syntax.GetLocation());
            properties[GuardProperties.GuardKind] = guard.Guard.Kind.ToString();
            properties[GuardProperties.GuardText] = guard.Guard.Text;
            guardPhrase = $"elsewhere '{field.Name}' is guarded by {guard.Guard.Describe()} (in {guard.Example.Member.Name})";
        }
        else
        {
            properties[GuardProperties.GuardKind] = GuardProperties.NoGuard;
            guardPhrase = $"no guard protects '{field.Name}' anywhere in {model.Type.Name}";
        }

        var actNames = acts[0].Operation.MemberName;
        return Diagnostic.Create(
            DiagnosticDescriptors.CheckThenActOnSharedCollection,
            check.Operation.Syntax.GetLocation(),
            additionalLocations,
            properties.ToImmutable(),
            field.Name,
            check.MemberName,
            actNames,
            guardPhrase);
    }

    /// <summary>
    /// Whether <paramref name="act"/> runs only because of what <paramref name="check"/> found: it sits in a branch or
    /// loop whose condition contains the check (or a local the check produced), on the right of a <c>&amp;&amp;</c>/<c>||</c>
    /// after it, or after an <c>if</c> on the check that leaves the block.
    /// </summary>
    internal static bool DependsOn(IOperation act, IOperation check)
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
