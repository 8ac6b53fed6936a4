using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers;

/// <summary>
/// The catalogue of Guarded's rules. Every descriptor is built by <see cref="Create"/>, which adds its help link;
/// each family keeps its descriptors in its own part of this class.
/// </summary>
public static partial class DiagnosticDescriptors
{
    /// <summary>The base address of the rule pages; each rule's page is <c>{HelpLinkBase}{id}.md</c>.</summary>
    public const string HelpLinkBase = "https://github.com/guarded-dev/guarded/blob/main/docs/rules/";

    internal static string HelpLink(string id) => HelpLinkBase + id + ".md";

#pragma warning disable RS0030 // The one place that may call the DiagnosticDescriptor constructor.
    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        string description,
        DiagnosticSeverity severity = DiagnosticSeverity.Warning,
        bool isEnabledByDefault = true) =>
        new(id, title, messageFormat, category, severity, isEnabledByDefault, description, HelpLink(id));
#pragma warning restore RS0030
}
