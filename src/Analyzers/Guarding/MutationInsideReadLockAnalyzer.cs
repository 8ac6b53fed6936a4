using System.Collections.Immutable;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Guarded.Analyzers.Guarding;

/// <summary>
/// GRD205: a shared field is written (assigned, incremented, its collection changed) inside a read section of a
/// <c>ReaderWriterLockSlim</c> (or a well-known async reader-writer lock's reader lock) in the same body.
/// </summary>
/// <remarks>
/// Quiet for <c>Interlocked</c>/<c>Volatile</c> writes, when another (non-read) guard is also held at the write
/// (a per-entry lock inside a table's read lock), in constructors and <c>[BenignRace]</c> members. Read sections
/// inherited by private helpers are not followed: the section must be in the body of the write.
/// </remarks>
public sealed class MutationInsideReadLockAnalyzer : TypeModelAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.MutationInsideReadLock);

    internal override void AnalyzeType(TypeConcurrencyModel model, RuleContext context)
    {
        foreach (var field in model.AccessedFields)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!model.IsSharedState(field) || Annotations.IsDeclaredBenign(field) || GuardingFacts.HasThreadSafeType(model, field))
            {
                continue;
            }

            foreach (var access in model.AccessesOf(field))
            {
                if (access.InConstructor || !access.IsOnOwnInstance || Annotations.IsDeclaredBenign(access.Member) ||
                    FieldUse.Classify(access, model.Types) != FieldUseKind.Write)
                {
                    continue;
                }

                var regions = access.Context.Regions;
                var readSection = regions.FirstOrDefault(r => r.Guard.Kind == GuardKind.ReadLock);
                if (readSection is null || regions.Any(r => r.Guard.Kind != GuardKind.ReadLock))
                {
                    continue;
                }

                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[GuardProperties.FieldName] = field.Name;
                if (IsReaderWriterLockSlim(readSection.Guard, model.Types) && readSection.Owner is ITryOperation)
                {
                    properties[GuardProperties.GuardKind] = nameof(GuardKind.ReadLock);
                    properties[GuardProperties.GuardText] = readSection.Guard.Text;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.MutationInsideReadLock,
                    access.Operation.Syntax.GetLocation(),
                    new[] { readSection.Owner.Syntax.GetLocation() },
                    properties.ToImmutable(),
                    MessageText.NameOf(field),
                    readSection.Guard.Text));
            }
        }
    }

    private static bool IsReaderWriterLockSlim(Guard guard, WellKnownTypes types)
    {
        var type = guard.Symbol switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            ILocalSymbol local => local.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };

        return type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, types.ReaderWriterLockSlim);
    }
}
