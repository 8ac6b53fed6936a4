using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Model;

/// <summary>How the rules name a field's guard in messages, and tell the code fixes which guard to take.</summary>
internal static class GuardReport
{
    /// <summary>
    /// Records the field and its guard in <paramref name="properties"/>, adds a location that holds the guard to
    /// <paramref name="additionalLocations"/>, and returns the phrase for the message: "elsewhere '_x' is guarded by
    /// lock (_gate) (in Put)" or "no guard protects '_x' anywhere in Cache".
    /// </summary>
    public static string Describe(
        TypeConcurrencyModel model,
        IFieldSymbol field,
        GuardUse? guard,
        ImmutableDictionary<string, string?>.Builder properties,
        List<Location> additionalLocations)
    {
        properties[GuardProperties.FieldName] = field.Name;
        properties[GuardProperties.FieldIsStatic] = field.IsStatic ? "true" : "false";
        if (guard is not null)
        {
            additionalLocations.Add(guard.Example.Operation.Syntax.GetLocation());
            properties[GuardProperties.GuardKind] = guard.Guard.Kind.ToString();
            properties[GuardProperties.GuardText] = guard.Guard.Text;
            return $"elsewhere '{field.Name}' is guarded by {guard.Guard.Describe()} (in {guard.Example.Member.Name})";
        }

        properties[GuardProperties.GuardKind] = GuardProperties.NoGuard;
        return $"no guard protects '{field.Name}' anywhere in {model.Type.Name}";
    }
}
