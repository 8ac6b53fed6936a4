using System.Collections.Generic;
using System.Collections.Immutable;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Hygiene;

/// <summary>
/// GRD403: an instance member of a type whose instances are used by several threads updates static state with no
/// guard: a read-modify-write of a static field (<c>s_created++</c>, <c>s_total += x</c>) or a change to the
/// non-concurrent collection a static field holds (<c>s_seen.Add(key)</c>).
/// </summary>
/// <remarks>
/// Unlike a rule that flags every write to static state from instance code, it stays quiet where no update can be
/// lost: plain stores, lazy initialization, <c>Interlocked</c>/<c>Volatile</c> calls, thread-safe collections, static
/// members, types without concurrency intent, writes under any guard (held, inherited from every caller, or declared),
/// and <c>[BenignRace]</c> fields and members. A field that some access guards is reported by GRD201 instead, with
/// the guard to take (see <see cref="StaticStateUpdates"/>).
/// </remarks>
public sealed class UnguardedStaticWriteFromInstanceAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnguardedStaticWriteFromInstance);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            if (!field.IsStatic)
            {
                continue;
            }

            foreach (var access in model.AccessesOf(field))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                if (StaticStateUpdates.UnguardedFromInstance(model, access) is not { } update)
                {
                    continue;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[GuardProperties.ActCount] = "0";
                _ = GuardReport.Describe(model, field, guard: null, properties, new List<Location>());
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.UnguardedStaticWriteFromInstance,
                    update.Syntax.GetLocation(),
                    properties.ToImmutable(),
                    MessageText.NameOf(field),
                    access.Member is IMethodSymbol { MethodKind: MethodKind.Constructor } ? model.Type.Name : access.Member.Name,
                    model.Type.Name));
            }
        }
    }
}
