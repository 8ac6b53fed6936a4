using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace Guarded.CodeFixes.Editing;

internal static class ImportCleanup
{
    /// <summary>
    /// Adds the <c>using</c> directives for type references made with <see cref="SyntaxHelpers.TypeReference"/>; the
    /// code action's own clean-up then shortens them to simple names.
    /// </summary>
    public static Task<Document> AddImportsAsync(Document document, CancellationToken cancellationToken) =>
        ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken);
}
