using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers;

/// <summary>The catalogue of Guarded's rules. Every descriptor is built by <see cref="Create"/>, which adds its help link.</summary>
public static class DiagnosticDescriptors
{
    /// <summary>The base address of the rule pages; each rule's page is <c>{HelpLinkBase}{id}.md</c>.</summary>
    public const string HelpLinkBase = "https://github.com/guarded-dev/guarded/blob/main/docs/rules/";

    /// <summary>GRD101: a check and a dependent act on a shared non-concurrent collection are not under one guard.</summary>
    public static readonly DiagnosticDescriptor CheckThenActOnSharedCollection = Create(
        DiagnosticIds.CheckThenActOnSharedCollection,
        title: "Check-then-act on a shared collection is not atomic",
        messageFormat: "'{0}' is checked with {1} and then changed with {2}, but no single guard is held across both; {3}",
        DiagnosticCategories.Atomicity,
        description: "Another thread can change the collection between the check and the act: two callers both see the key missing and both add it, or one removes what the other just checked. Hold one guard across the check and the act, or use an atomic get-or-add.");

    internal static string HelpLink(string id) => HelpLinkBase + id + ".md";

#pragma warning disable RS0030 // The one place that may call the DiagnosticDescriptor constructor.
    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        string description,
        DiagnosticSeverity severity = DiagnosticSeverity.Warning) =>
        new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description, HelpLink(id));
#pragma warning restore RS0030
}
