using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Guarding;

/// <summary>
/// GRD203: a <c>[GuardedBy(nameof(_gate))]</c> field is read or written, or a <c>[RequiresGuard(nameof(_gate))]</c>
/// member of the type is called, without holding <c>_gate</c>. Checked across the whole type; inside a
/// <c>[RequiresGuard]</c> member (and the private helpers only it calls) its declared guard counts as held.
/// </summary>
/// <remarks>
/// The annotation is the user's contract, so unlike GRD201 this rule does not excuse <c>Interlocked</c> or
/// <c>volatile</c> accesses. Quiet in constructors, on other instances, in <c>[BenignRace]</c> members, when the
/// named guard is not a field or property of the type (nor <c>this</c>), and where a lock on an expression the
/// model cannot name is held.
/// </remarks>
public sealed class AnnotatedGuardNotHeldAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.AnnotatedGuardNotHeld);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        var findings = new List<Finding>();
        foreach (var field in model.AccessedFields)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (Annotations.IsDeclaredBenign(field) || !model.IsSharedState(field))
            {
                continue;
            }

            foreach (var guard in DeclaredGuardsOf(model, field, Annotations.GuardedBy))
            {
                foreach (var access in model.AccessesOf(field))
                {
                    if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member) ||
                        IsHeld(guard, model.GuardsHeldOrRequiredAt(access)))
                    {
                        continue;
                    }

                    var use = FieldUse.Classify(access, model.Types);
                    var verb = use switch
                    {
                        FieldUseKind.Write => "written",
                        FieldUseKind.Atomic => "accessed",
                        _ => "read",
                    };
                    findings.Add(new Finding(access.Operation, access.Context, access.Member, field, field.Name, verb, guard, Annotations.GuardedBy, use != FieldUseKind.Read));
                }
            }
        }

        foreach (var call in model.RequiredGuardCalls)
        {
            if (call.InConstructor || !call.IsOnOwnInstance || Annotations.IsDeclaredBenign(call.Caller))
            {
                continue;
            }

            foreach (var guard in DeclaredGuardsOf(model, call.Callee, Annotations.RequiresGuard))
            {
                if (!IsHeld(guard, model.GuardsHeldOrRequiredAt(call.Context, call.Caller)))
                {
                    findings.Add(new Finding(call.Invocation, call.Context, call.Caller, call.Callee, call.Callee.Name, "called", guard, Annotations.RequiresGuard, isWrite: true));
                }
            }
        }

        foreach (var finding in findings)
        {
            Report(model, finding, findings, context);
        }
    }

    private static void Report(TypeConcurrencyModel model, Finding finding, List<Finding> all, RuleContext context)
    {
        var related = all
            .Where(other => other != finding && other.Context.ExecutableRoot == finding.Context.ExecutableRoot && other.Guard.Equals(finding.Guard))
            .Select(other => other.Operation.Syntax.GetLocation());
        var properties = GuardingFacts.FixProperties(model, finding.Annotated as IFieldSymbol ?? null, finding.Name, finding.Guard, finding.Member, finding.IsWrite);
        properties[GuardingProperties.RelatedSpans] = GuardingFacts.EncodeSpans(related);

        var annotation = AttributeLocation(finding.Annotated, finding.AttributeName);
        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.AnnotatedGuardNotHeld,
            finding.Operation.Syntax.GetLocation(),
            annotation is null ? null : new[] { annotation },
            properties.ToImmutable(),
            finding.Name,
            finding.Verb,
            finding.Guard.Text,
            finding.AttributeName.Substring(0, finding.AttributeName.Length - "Attribute".Length)));
    }

    private static IEnumerable<Guard> DeclaredGuardsOf(TypeConcurrencyModel model, ISymbol symbol, string attributeName)
    {
        foreach (var name in DeclaredGuards.NamesOf(symbol.OriginalDefinition, attributeName))
        {
            if (DeclaredGuards.Resolve(model.Type, model.Types, name) is { } guard)
            {
                yield return guard;
            }
        }
    }

    /// <summary>The declared guard is held, or a lock on an expression the model cannot name is (it may be the same object).</summary>
    private static bool IsHeld(Guard guard, ImmutableHashSet<Guard> held) =>
        held.Contains(guard) || held.Any(h => h.Target == GuardTargetKind.Unknown);

    private static Location? AttributeLocation(ISymbol symbol, string attributeName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == attributeName && attribute.ApplicationSyntaxReference is { } reference)
            {
                return Location.Create(reference.SyntaxTree, reference.Span);
            }
        }

        return null;
    }

    private sealed class Finding
    {
        public Finding(IOperation operation, GuardContext context, ISymbol member, ISymbol annotated, string name, string verb, Guard guard, string attributeName, bool isWrite)
        {
            Operation = operation;
            Context = context;
            Member = member;
            Annotated = annotated;
            Name = name;
            Verb = verb;
            Guard = guard;
            AttributeName = attributeName;
            IsWrite = isWrite;
        }

        public IOperation Operation { get; }

        public GuardContext Context { get; }

        public ISymbol Member { get; }

        public ISymbol Annotated { get; }

        public string Name { get; }

        public string Verb { get; }

        public Guard Guard { get; }

        public string AttributeName { get; }

        public bool IsWrite { get; }
    }
}
