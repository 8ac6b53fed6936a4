using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Editing;

/// <summary>What a type's new gate looks like and which lock uses move onto it.</summary>
internal sealed class LockGateRequest
{
    public LockGateRequest(IReadOnlyList<TypeDeclarationSyntax> parts, IReadOnlyList<ExpressionSyntax> uses, string stem, bool isStatic)
    {
        Parts = parts;
        Uses = uses;
        Stem = stem;
        IsStatic = isStatic;
    }

    /// <summary>Every declaration of the type; the gate goes into the first, or beside <see cref="Anchor"/>.</summary>
    public IReadOnlyList<TypeDeclarationSyntax> Parts { get; }

    /// <summary>The lock uses (see <see cref="LockUses"/>) to point at the gate.</summary>
    public IReadOnlyList<ExpressionSyntax> Uses { get; }

    /// <summary>The gate's name without prefix, e.g. <c>gate</c> or <c>ordersGate</c>.</summary>
    public string Stem { get; }

    public bool IsStatic { get; }

    /// <summary>A <c>System.Threading.Lock</c> rather than an <c>object</c>: the object the uses locked was one.</summary>
    public bool IsLockType { get; set; }

    /// <summary>The member the gate is declared after (the field it replaces); null puts it after the type's first fields.</summary>
    public MemberDeclarationSyntax? Anchor { get; set; }

    /// <summary>
    /// The member the uses name: a use <c>other.Member</c> keeps its receiver and becomes <c>other._gate</c>, so a lock
    /// on another instance's (or type's) object moves to that instance's gate.
    /// </summary>
    public ISymbol? MovedMember { get; set; }

    /// <summary>The <c>[GuardedBy]</c>/<c>[RequiresGuard]</c> arguments that name the old lock object; they name the gate afterwards.</summary>
    public IReadOnlyList<ExpressionSyntax> AnnotationArguments { get; set; } = new List<ExpressionSyntax>();
}

/// <summary>
/// Declares a private readonly gate in a type and moves lock uses onto it, as one <see cref="AnnotatedEdit"/>: a Fix
/// All that plans the same move several times (once per finding) applies it once, and two moves in one type get two
/// gates with different names.
/// </summary>
internal static class LockGateMove
{
    private const int NameCandidates = 5;

    /// <summary>The edit for <paramref name="request"/>, or null when no name is free for the gate.</summary>
    public static AnnotatedEdit? Plan(LockGateRequest request, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var type = request.Parts[0];
        var prefix = PrefixFor(request.Parts, request.IsStatic, semanticModel, cancellationToken);
        var names = FreeNames(prefix, request.Stem, request.Uses.Select(u => u.SpanStart).Append(type.OpenBraceToken.Span.End), semanticModel).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        var edit = new AnnotatedEdit();
        var partMarks = request.Parts.Select(edit.Mark).ToList();
        var uses = request.Uses.Select(use => (Mark: edit.Mark(use), KeepsReceiver: KeepsReceiver(use, request.MovedMember, semanticModel, cancellationToken))).ToList();
        var annotations = request.AnnotationArguments.Select(edit.Mark).ToList();
        var anchor = request.Anchor is null ? null : edit.Mark(request.Anchor);
        var targetTypedNew = ((CSharpParseOptions)type.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp9;
        edit.Apply = root => Apply(root, request, partMarks, uses, annotations, anchor, names, targetTypedNew);
        return edit;
    }

    private static SyntaxNode? Apply(
        SyntaxNode root,
        LockGateRequest request,
        List<SyntaxAnnotation> partMarks,
        List<(SyntaxAnnotation Mark, bool KeepsReceiver)> uses,
        List<SyntaxAnnotation> annotations,
        SyntaxAnnotation? anchorMark,
        List<string> names,
        bool targetTypedNew)
    {
        var found = uses.Select(u => (Node: AnnotatedEdit.Find<ExpressionSyntax>(root, u.Mark), u.KeepsReceiver)).Where(u => u.Node is not null).ToList();
        var parts = partMarks.Select(m => AnnotatedEdit.Find<TypeDeclarationSyntax>(root, m)).OfType<TypeDeclarationSyntax>().ToList();
        if (found.Count == 0 || parts.Count == 0)
        {
            // Another plan of the same Fix All already moved these uses.
            return null;
        }

        var declared = new HashSet<string>(parts.SelectMany(DeclaredNames));
        var name = names.FirstOrDefault(n => !declared.Contains(n));
        if (name is null)
        {
            return null;
        }

        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var (node, keepsReceiver) in found)
        {
            replacements[node!] = keepsReceiver && LockUses.Unwrapped(node!) is MemberAccessExpressionSyntax access
                ? access.WithName(IdentifierName(name).WithTriviaFrom(access.Name)).WithTriviaFrom(node!)
                : IdentifierName(name).WithTriviaFrom(node!);
        }

        foreach (var argument in annotations.Select(m => AnnotatedEdit.Find<ExpressionSyntax>(root, m)).OfType<ExpressionSyntax>())
        {
            replacements[argument] = ParseExpression($"nameof({name})").WithTriviaFrom(argument);
        }

        root = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
        var anchor = anchorMark is null ? null : AnnotatedEdit.Find<MemberDeclarationSyntax>(root, anchorMark);
        var owner = anchor?.Parent as TypeDeclarationSyntax ?? AnnotatedEdit.Find<TypeDeclarationSyntax>(root, partMarks[0]);
        if (owner is null)
        {
            return null;
        }

        var gate = Gate(name, request.IsStatic, request.IsLockType, targetTypedNew);
        var index = anchor is not null && anchor.Parent == owner
            ? owner.Members.IndexOf(anchor) + 1
            : owner.Members.TakeWhile(m => m is FieldDeclarationSyntax).Count();
        if (NewLineOf(owner) is { } newLine)
        {
            // The line breaks the type already uses; a blank line between the fields and the members after them.
            var next = index < owner.Members.Count ? owner.Members[index] : null;
            gate = next is not null and not FieldDeclarationSyntax && !next.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))
                ? gate.WithTrailingTrivia(newLine, newLine)
                : gate.WithTrailingTrivia(newLine);
        }

        return root.ReplaceNode(owner, owner.WithMembers(owner.Members.Insert(index, gate)));
    }

    private static FieldDeclarationSyntax Gate(string name, bool isStatic, bool isLockType, bool targetTypedNew)
    {
        TypeSyntax type = isLockType
            ? ParseTypeName("global::System.Threading.Lock").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation)
            : PredefinedType(Token(SyntaxKind.ObjectKeyword));
        ExpressionSyntax creation = targetTypedNew
            ? ImplicitObjectCreationExpression()
            : ObjectCreationExpression(type).WithArgumentList(ArgumentList());
        var modifiers = isStatic
            ? TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword), Token(SyntaxKind.ReadOnlyKeyword))
            : TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.ReadOnlyKeyword));
        return FieldDeclaration(VariableDeclaration(type).AddVariables(VariableDeclarator(name).WithInitializer(EqualsValueClause(creation))))
            .WithModifiers(modifiers)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Whether <paramref name="use"/> is <c>receiver.Member</c> for the moved member with a receiver other than <c>this</c>.</summary>
    private static bool KeepsReceiver(ExpressionSyntax use, ISymbol? movedMember, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        movedMember is not null &&
        LockUses.Unwrapped(use) is MemberAccessExpressionSyntax { Expression: not ThisExpressionSyntax } access &&
        SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(access, cancellationToken).Symbol?.OriginalDefinition, movedMember.OriginalDefinition);

    /// <summary>
    /// The prefix the type's own private fields of the same kind use: <c>s_</c> or <c>m_</c> when they do, none when
    /// its static readonly fields are PascalCase, else <c>_</c>.
    /// </summary>
    private static string PrefixFor(IReadOnlyList<TypeDeclarationSyntax> parts, bool isStatic, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var names = parts.SelectMany(p => p.Members.OfType<FieldDeclarationSyntax>())
            .Where(f => f.Modifiers.Any(SyntaxKind.StaticKeyword) == isStatic && !f.Modifiers.Any(SyntaxKind.ConstKeyword) &&
                !f.Modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.InternalKeyword)))
            .SelectMany(f => f.Declaration.Variables.Select(v => v.Identifier.ValueText))
            .ToList();
        if (names.Any(n => n.StartsWith(isStatic ? "s_" : "m_", System.StringComparison.Ordinal)))
        {
            return isStatic ? "s_" : "m_";
        }

        return isStatic && names.Count > 0 && names.All(n => n.Length > 0 && char.IsUpper(n[0])) ? string.Empty : "_";
    }

    /// <summary>Names for the gate that name nothing at any of <paramref name="positions"/> and are no keyword.</summary>
    private static IEnumerable<string> FreeNames(string prefix, string stem, IEnumerable<int> positions, SemanticModel semanticModel)
    {
        var spots = positions.ToList();
        var first = prefix.Length == 0 ? char.ToUpperInvariant(stem[0]) + stem.Substring(1) : prefix + stem;
        var count = 0;
        for (var i = 1; i < 100 && count < NameCandidates; i++)
        {
            var candidate = i == 1 ? first : first + i;
            if (SyntaxFacts.GetKeywordKind(candidate) == SyntaxKind.None &&
                spots.All(position => semanticModel.LookupSymbols(position, name: candidate).IsEmpty))
            {
                count++;
                yield return candidate;
            }
        }
    }

    private static IEnumerable<string> DeclaredNames(TypeDeclarationSyntax type) =>
        type.Members.SelectMany(member => member switch
        {
            BaseFieldDeclarationSyntax field => field.Declaration.Variables.Select(v => v.Identifier.ValueText),
            PropertyDeclarationSyntax property => new[] { property.Identifier.ValueText },
            MethodDeclarationSyntax method => new[] { method.Identifier.ValueText },
            EventDeclarationSyntax @event => new[] { @event.Identifier.ValueText },
            BaseTypeDeclarationSyntax nested => new[] { nested.Identifier.ValueText },
            _ => System.Array.Empty<string>(),
        });

    private static SyntaxTrivia? NewLineOf(SyntaxNode node)
    {
        foreach (var trivia in node.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return null;
    }
}
