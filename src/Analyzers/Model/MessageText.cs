using System.Text;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Model;

/// <summary>How code reads inside a diagnostic message: on one line, short, and named the way the user wrote it.</summary>
internal static class MessageText
{
    /// <summary>Longest snippet quoted in a message; longer code is cut with an ellipsis.</summary>
    private const int MaxSnippetLength = 120;

    /// <summary>
    /// The code of <paramref name="node"/> on one line: every run of whitespace (line breaks and indentation included)
    /// becomes one space, and code longer than a message can carry ends in "…".
    /// </summary>
    public static string Snippet(SyntaxNode node) => Snippet(node.ToString());

    /// <inheritdoc cref="Snippet(SyntaxNode)"/>
    public static string Snippet(string code)
    {
        var builder = new StringBuilder(code.Length);
        var pendingSpace = false;
        foreach (var c in code)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        if (builder.Length > MaxSnippetLength)
        {
            builder.Length = MaxSnippetLength - 1;
            builder.Append('…');
        }

        return builder.ToString();
    }

    /// <summary>A field as the user named it: an auto-property's or <c>field</c>-keyword property's name for its backing field.</summary>
    public static string NameOf(IFieldSymbol field) =>
        field.IsImplicitlyDeclared && field.AssociatedSymbol is { } property ? property.Name : field.Name;
}
