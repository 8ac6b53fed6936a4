using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Guarded.Analyzers.Model;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Guarding;

/// <summary>Small shared pieces of the GRD2xx rules: naming members in messages and telling the fixes which guard to take.</summary>
internal static class GuardingFacts
{
    /// <summary>How a member reads in a message: a property's name for its accessors, the type's name for a constructor.</summary>
    public static string NameOf(ISymbol member) => member switch
    {
        IMethodSymbol { AssociatedSymbol: { } associated } => associated.Name,
        IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor => constructor.ContainingType.Name,
        _ => member.Name,
    };

    /// <summary>Whether the field's own type makes its uses thread-safe (locks, concurrent collections, Guarded.Runtime types).</summary>
    public static bool HasThreadSafeType(TypeConcurrencyModel model, IFieldSymbol field) =>
        model.Types.ShowsConcurrencyIntent(field.Type);

    /// <summary>
    /// The properties that tell a fix how to take <paramref name="guard"/> at an access in <paramref name="member"/>:
    /// the field, the guard's form and its text. The guard form is left out (no fix) when the guard cannot be named
    /// there (a local, a parameter, an instance guard in a static member) or has no form a fix can write.
    /// </summary>
    public static ImmutableDictionary<string, string?>.Builder FixProperties(
        TypeConcurrencyModel model,
        IFieldSymbol field,
        Guard guard,
        ISymbol member,
        bool isWrite) =>
        FixProperties(model, field, field.Name, guard, member, isWrite);

    /// <summary>
    /// <see cref="FixProperties(TypeConcurrencyModel, IFieldSymbol, Guard, ISymbol, bool)"/> for an access that may
    /// not be a field's (a call to a <c>[RequiresGuard]</c> member): <paramref name="name"/> names what is guarded.
    /// </summary>
    public static ImmutableDictionary<string, string?>.Builder FixProperties(
        TypeConcurrencyModel model,
        IFieldSymbol? field,
        string name,
        Guard guard,
        ISymbol member,
        bool isWrite)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[GuardProperties.FieldName] = name;
        properties[GuardProperties.FieldIsStatic] = field?.IsStatic == true ? "true" : "false";
        if (FixKind(model, guard, isWrite) is { } kind && GuardText(model, guard, member) is { } text)
        {
            properties[GuardProperties.GuardKind] = kind;
            properties[GuardProperties.GuardText] = text;
        }

        return properties;
    }

    /// <summary>Encodes spans for <see cref="GuardingProperties.RelatedSpans"/>.</summary>
    public static string EncodeSpans(IEnumerable<Location> locations) =>
        string.Join(";", locations.Select(l => l.SourceSpan.Start.ToString(CultureInfo.InvariantCulture) + ":" + l.SourceSpan.Length.ToString(CultureInfo.InvariantCulture)));

    private static string? FixKind(TypeConcurrencyModel model, Guard guard, bool isWrite)
    {
        switch (guard.Kind)
        {
            case GuardKind.Lock or GuardKind.Monitor or GuardKind.LockScope or GuardKind.Synchronized or GuardKind.Semaphore or GuardKind.AsyncLock:
                return guard.Kind.ToString();
            case GuardKind.ReadLock or GuardKind.UpgradeableReadLock or GuardKind.WriteLock:
                var type = guard.Symbol switch
                {
                    IFieldSymbol f => f.Type,
                    IPropertySymbol p => p.Type,
                    _ => null,
                };
                if (type is null || !SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, model.Types.ReaderWriterLockSlim))
                {
                    return null;
                }

                return isWrite ? nameof(GuardKind.WriteLock) : GuardingProperties.ReadSection;
            default:
                return null;
        }
    }

    private static string? GuardText(TypeConcurrencyModel model, Guard guard, ISymbol member)
    {
        switch (guard.Target)
        {
            case GuardTargetKind.This:
                return member.IsStatic ? null : "this";
            case GuardTargetKind.TypeOf:
                return guard.Text;
            case GuardTargetKind.Symbol when guard.Symbol is IFieldSymbol or IPropertySymbol:
                var owner = guard.Symbol.ContainingType?.OriginalDefinition;
                var inType = false;
                for (var type = model.Type.OriginalDefinition; type is not null; type = type.ContainingType?.OriginalDefinition)
                {
                    inType |= SymbolEqualityComparer.Default.Equals(type, owner);
                }

                if (!inType || (!guard.Symbol.IsStatic && (member.IsStatic || !SymbolEqualityComparer.Default.Equals(owner, model.Type.OriginalDefinition))))
                {
                    return null;
                }

                return guard.Symbol.Name;
            default:
                return null;
        }
    }
}
