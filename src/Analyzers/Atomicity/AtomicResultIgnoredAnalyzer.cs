using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Atomicity;

/// <summary>
/// GRD108: an <c>Interlocked</c> update of a field whose result is dropped, in a member that reads the field again on
/// its own to decide something or to return it: <c>Interlocked.Increment(ref _next); return _next;</c>,
/// <c>var i = _index % n; … Interlocked.Increment(ref _index);</c>,
/// <c>var seen = _state; Interlocked.CompareExchange(ref _state, 1, seen); if (seen == 0) …</c>. The update is
/// atomic, but the separate read may see another thread's update, so two callers act on the same value.
/// </summary>
/// <remarks>
/// Reported at the update; the additional locations are the separate reads. A read counts when its value is returned,
/// kept in a local, picks an array element, or decides a branch or a loop (also through arithmetic and comparisons); a read that only feeds
/// other code (a log line, an argument) is left alone. A read before the update counts only when code after the update
/// still acts on it (the local it was kept in, or more of the branch it decided), and not when the update is in a
/// <c>finally</c> (the release of what the member reserved). A read after an <c>Exchange</c> reads the state now in
/// effect, which the caller did not compute (it knows the value it stored), so only reads before it count. Creation on first use (<c>CompareExchange(ref _f, created, null)</c>) is not a dropped
/// result: the field keeps the winner for good. Quiet when the update and the read are in one guard region,
/// in constructors, on another instance's field, and for <c>[BenignRace]</c> fields and members.
/// </remarks>
public sealed class AtomicResultIgnoredAnalyzer : TypeModelAnalyzer
{
    /// <summary>Diagnostic property: "true" when the read is a <c>return</c> of the field right after the update (the fix returns the update's result).</summary>
    internal const string ReturnsRightAfterProperty = "ReturnsRightAfter";

    private static readonly ImmutableHashSet<string> Updates = ImmutableHashSet.Create(
        "Increment", "Decrement", "Add", "Exchange", "CompareExchange", "And", "Or");

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.AtomicResultIgnored);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            if (!model.IsSharedState(field) || Annotations.IsDeclaredBenign(field))
            {
                continue;
            }

            var dropped = new List<(FieldAccess Access, IInvocationOperation Update)>();
            var reads = new List<(FieldAccess Access, IOperation Value)>();
            foreach (var access in model.AccessesOf(field))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member))
                {
                    continue;
                }

                if (DroppedUpdate(model, access.Operation) is { } update)
                {
                    dropped.Add((access, update));
                }
                else if (SeparateRead(model, access.Operation) is { } value && IsDecisionOrResult(value))
                {
                    reads.Add((access, value));
                }
            }

            foreach (var (access, update) in dropped)
            {
                var separate = reads
                    .Where(read => read.Access.Context.ExecutableRoot == access.Context.ExecutableRoot &&
                        !model.AreInOneGuardRegion(read.Access, access) &&
                        (read.Value.Syntax.SpanStart > update.Syntax.SpanStart
                            ? update.TargetMethod.Name != "Exchange"
                            : !update.IsInFinally() && IsActedOnAfter(read.Value, update)))
                    .OrderBy(read => read.Value.Syntax.SpanStart)
                    .ToList();
                if (separate.Count == 0)
                {
                    continue;
                }

                var first = separate[0].Value;
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(GuardProperties.FieldName, field.Name)
                    .Add(ReturnsRightAfterProperty, separate.Any(read => IsReturnRightAfter(update, read.Value)) ? "true" : "false");
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.AtomicResultIgnored,
                    update.Syntax.GetLocation(),
                    separate.Select(read => read.Value.Syntax.GetLocation()),
                    properties,
                    MessageText.NameOf(field),
                    MessageText.Snippet(update.Syntax),
                    first.Syntax.SpanStart < update.Syntax.SpanStart ? "before it" : "after it",
                    MessageText.Snippet(first.Syntax),
                    "Interlocked." + update.TargetMethod.Name));
            }
        }
    }

    /// <summary>The <c>Interlocked</c> update whose <c>ref</c> argument is <paramref name="reference"/>, when its result is dropped.</summary>
    private static IInvocationOperation? DroppedUpdate(TypeConcurrencyModel model, IFieldReferenceOperation reference) =>
        reference.WithEnclosingConversions().Parent is IArgumentOperation { Parameter.RefKind: RefKind.Ref, Parent: IInvocationOperation update } argument &&
        update.Arguments.Length > 0 && update.Arguments[0] == argument &&
        SymbolEqualityComparer.Default.Equals(update.TargetMethod.ContainingType, model.Types.Interlocked) &&
        Updates.Contains(update.TargetMethod.Name) &&
        update.Parent is IExpressionStatementOperation &&
        !PublishesOnce(update)
            ? update
            : null;

    /// <summary>
    /// <c>Interlocked.CompareExchange(ref _f, value, null)</c>: creation on first use. The field goes from null to the
    /// winner's object for good, so reading it afterwards reads what every caller must use.
    /// </summary>
    private static bool PublishesOnce(IInvocationOperation update) =>
        update.TargetMethod.Name == "CompareExchange" &&
        update.Arguments.Length == 3 &&
        update.Arguments[2].Value.WithoutConversions() is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation { ConstantValue: { HasValue: true, Value: null } };

    /// <summary>
    /// The value <paramref name="reference"/> reads on its own: the plain read, or the <c>Volatile.Read</c>/<c>Interlocked.Read</c>
    /// around it; null for writes and for the field passed to an update.
    /// </summary>
    private static IOperation? SeparateRead(TypeConcurrencyModel model, IFieldReferenceOperation reference)
    {
        var use = reference.WithEnclosingConversions();
        if (use.IsAssignedOrIncremented())
        {
            return null;
        }

        if (use.Parent is IArgumentOperation { Parent: IInvocationOperation call } argument)
        {
            return argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out or RefKind.RefReadOnlyParameter or RefKind.In &&
                model.Types.IsAtomics(call.TargetMethod.ContainingType) && call.TargetMethod.Name == "Read"
                    ? call
                    : argument.Parameter?.RefKind == RefKind.None ? use : null;
        }

        return use;
    }

    /// <summary>Whether the value read is returned, kept in a local, picks an array element, or decides a branch or a loop, through arithmetic and comparisons.</summary>
    private static bool IsDecisionOrResult(IOperation value)
    {
        var current = value.WithEnclosingConversions();
        while (current.Parent is IBinaryOperation or IUnaryOperation or IConversionOperation or IIsPatternOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IReturnOperation => true,
            IVariableInitializerOperation => true,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation } assignment => assignment.Value == current,
            IConditionalOperation conditional => conditional.Condition == current,
            IWhileLoopOperation loop => loop.Condition == current,
            IArrayElementReferenceOperation element => element.Indices.Contains(current),
            _ => false,
        };
    }

    /// <summary>
    /// Whether code after <paramref name="update"/> still relies on what <paramref name="read"/> saw before it: the local
    /// it was kept in is used again (<c>var seen = _state; CompareExchange(…, seen); if (seen == 0) …</c>), or the branch it
    /// decided goes on after the update (<c>if (_state == 0) { Exchange(ref _state, 1); Release(); }</c>). An update that
    /// ends the branch, or a local nobody reads afterwards, leaves the stale value unused.
    /// </summary>
    private static bool IsActedOnAfter(IOperation read, IInvocationOperation update)
    {
        var statement = read;
        while (statement.Parent is { } parent and not IBlockOperation)
        {
            statement = parent;
        }

        var kept = statement switch
        {
            IVariableDeclarationGroupOperation declarations => declarations.Declarations.SelectMany(d => d.Declarators).Select(d => (ISymbol)d.Symbol).ToList(),
            IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } } => new List<ISymbol> { local.Local },
            _ => new List<ISymbol>(),
        };
        if (kept.Count > 0)
        {
            var root = update.Root();
            AddLocalsComputedFrom(root, kept, before: update.Syntax.SpanStart);
            return root.Descendants().OfType<ILocalReferenceOperation>().Any(reference =>
                reference.Syntax.SpanStart >= update.Syntax.Span.End && kept.Contains(reference.Local, SymbolEqualityComparer.Default));
        }

        if (statement is IConditionalOperation decision && update.IsWithin(decision))
        {
            // The statements after the update's own statement, in every block between it and the decision.
            IOperation current = update.Parent!;
            while (current != decision && current.Parent is { } parent)
            {
                if (parent is IBlockOperation block && block.Operations.IndexOf(current) is var index and >= 0 && index + 1 < block.Operations.Length)
                {
                    return true;
                }

                current = parent;
            }
        }

        return false;
    }

    /// <summary>
    /// Adds the locals given, before <paramref name="before"/>, a value computed from a local already in
    /// <paramref name="locals"/> (<c>var i = _index % n; var pid = values[i];</c> keeps <c>pid</c> too).
    /// </summary>
    private static void AddLocalsComputedFrom(IOperation root, List<ISymbol> locals, int before)
    {
        var assignments = root.Descendants()
            .Select(operation => operation switch
            {
                IVariableDeclaratorOperation { Initializer: { } initializer } declarator => ((ISymbol)declarator.Symbol, initializer.Value),
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment => ((ISymbol)target.Local, assignment.Value),
                _ => ((ISymbol?)null, (IOperation?)null),
            })
            .Where(pair => pair.Item1 is not null && pair.Item2!.Syntax.SpanStart < before)
            .ToList();

        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var (local, value) in assignments)
            {
                if (!locals.Contains(local!, SymbolEqualityComparer.Default) &&
                    value!.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Any(reference => locals.Contains(reference.Local, SymbolEqualityComparer.Default)))
                {
                    locals.Add(local!);
                    changed = true;
                }
            }
        }
    }

    /// <summary><c>Interlocked.Increment(ref _f); return _f;</c>: the statement after the update returns the field itself.</summary>
    private static bool IsReturnRightAfter(IInvocationOperation update, IOperation read) =>
        update.TargetMethod.Name is "Increment" or "Decrement" or "Add" &&
        update.Parent is IExpressionStatementOperation { Parent: IBlockOperation block } statement &&
        block.Operations.IndexOf(statement) is var index and >= 0 &&
        index + 1 < block.Operations.Length &&
        block.Operations[index + 1] is IReturnOperation { ReturnedValue: { } returned } &&
        returned.WithoutConversions() == read.WithoutConversions();
}
