using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.Analyzers.Atomicity;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Atomicity;

/// <summary>
/// GRD104 fixes: make the fast-path field <c>volatile</c>; or build the object in a local and publish it last; then
/// the whole-block rewrites: the double-checked <c>lock</c> becomes <c>LazyInitializer.EnsureInitialized</c>, or, for a
/// get-or-create dictionary when Guarded.Runtime is referenced, the field becomes a
/// <c>DoubleCheckedCache&lt;TKey, TValue&gt;</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BrokenDoubleCheckedLockingFixer))]
[Shared]
public sealed class BrokenDoubleCheckedLockingFixer : CodeFixProvider
{
    private const string VolatileKey = DiagnosticIds.BrokenDoubleCheckedLocking + ".Volatile";
    private const string PublishLastKey = DiagnosticIds.BrokenDoubleCheckedLocking + ".PublishLast";
    private const string LazyInitializerKey = DiagnosticIds.BrokenDoubleCheckedLocking + ".LazyInitializer";
    private const string DoubleCheckedCacheKey = DiagnosticIds.BrokenDoubleCheckedLocking + ".DoubleCheckedCache";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.BrokenDoubleCheckedLocking);

    private static readonly FixAllProvider s_fixAll = FieldRewriteFixes.CreateFixAllProvider(new Dictionary<string, FieldRewritePlanner>
    {
        [LazyInitializerKey] = EnsureInitializedRewrite.TryCreate,
        [DoubleCheckedCacheKey] = DoubleCheckedCache,
    });

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => s_fixAll;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (diagnostic.Hint(GuardProperties.FieldName) is not { } fieldName)
            {
                continue;
            }

            switch (diagnostic.Hint(BrokenDoubleCheckedLockingAnalyzer.DefectProperty))
            {
                case "NonVolatileFastPath" when VolatileCandidate(node, fieldName, semanticModel, context.CancellationToken) is { } declaration:
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            $"Make '{fieldName}' volatile",
                            ct => MakeVolatileAsync(context.Document, declaration, ct),
                            VolatileKey),
                        diagnostic);
                    break;

                case "PublishedBeforeInitialized" when node.FirstAncestorOrSelf<ExpressionStatementSyntax>() is { Parent: BlockSyntax, Expression: AssignmentExpressionSyntax assignment } statement:
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            $"Initialize in a local, then publish '{fieldName}'",
                            ct => PublishLastAsync(context.Document, statement, assignment, ct),
                            PublishLastKey),
                        diagnostic);
                    break;
            }
        }

        // After the local fixes, so the CLI's default (the first fix offered) stays what it was.
        await FieldRewriteFixes.RegisterAsync(context, LazyInitializerKey, rewrite => $"Use LazyInitializer.EnsureInitialized for '{rewrite.FieldName}'", EnsureInitializedRewrite.TryCreate).ConfigureAwait(false);
        await FieldRewriteFixes.RegisterAsync(context, DoubleCheckedCacheKey, rewrite => $"Make '{rewrite.FieldName}' a DoubleCheckedCache (GetOrAdd)", DoubleCheckedCache).ConfigureAwait(false);
    }

    /// <summary>
    /// The cache rewrite of a double check on a dictionary (<c>if (!_d.ContainsKey(k))</c>,
    /// <c>if (!_d.TryGetValue(k, out v))</c>), when it replaces this double-checked block as a whole.
    /// </summary>
    private static IFieldRewrite? DoubleCheckedCache(SyntaxNode root, SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken) =>
        node is PrefixUnaryExpressionSyntax { Operand: InvocationExpressionSyntax check, Parent: IfStatementSyntax ifStatement } &&
        ifStatement.Condition == node &&
        DoubleCheckedCacheRewrite.TryCreate(root, semanticModel, check, cancellationToken) is DoubleCheckedCacheRewrite rewrite &&
        rewrite.Replaces(ifStatement)
            ? rewrite
            : null;

    private static FieldDeclarationSyntax? VolatileCandidate(SyntaxNode condition, string? fieldName, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var field = condition.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Where(i => i.Identifier.ValueText == fieldName)
            .Select(i => semanticModel.GetSymbolInfo(i, cancellationToken).Symbol)
            .OfType<IFieldSymbol>()
            .FirstOrDefault();
        if (field is null || field.IsReadOnly || !CanBeVolatile(field.Type) ||
            field.DeclaringSyntaxReferences.Length != 1 ||
            field.DeclaringSyntaxReferences[0].SyntaxTree != condition.SyntaxTree)
        {
            return null;
        }

        return field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken).FirstAncestorOrSelf<FieldDeclarationSyntax>();
    }

    /// <summary>The types C# allows for a <c>volatile</c> field (ECMA-334 §15.5.4).</summary>
    private static bool CanBeVolatile(ITypeSymbol type)
    {
        if (type.IsReferenceType || type.TypeKind == TypeKind.Pointer)
        {
            return true;
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
        {
            type = underlying;
        }

        return type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Single or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;
    }

    private static async Task<Document> MakeVolatileAsync(Document document, FieldDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var modifiers = declaration.Modifiers;
        var insertAt = modifiers.Count;
        for (var i = 0; i < modifiers.Count; i++)
        {
            if (modifiers[i].IsKind(SyntaxKind.PrivateKeyword) || modifiers[i].IsKind(SyntaxKind.ProtectedKeyword) ||
                modifiers[i].IsKind(SyntaxKind.InternalKeyword) || modifiers[i].IsKind(SyntaxKind.PublicKeyword) || modifiers[i].IsKind(SyntaxKind.StaticKeyword))
            {
                insertAt = i + 1;
            }
        }

        var updated = declaration.WithModifiers(modifiers.Insert(insertAt, Token(SyntaxKind.VolatileKeyword).WithTrailingTrivia(Space)));
        if (modifiers.Count == 0)
        {
            updated = updated.WithLeadingTrivia(declaration.GetLeadingTrivia()).WithDeclaration(declaration.Declaration.WithoutLeadingTrivia());
        }

        editor.ReplaceNode(declaration, updated);
        return editor.GetChangedDocument();
    }

    /// <summary>
    /// <c>_f = new X(); _f.Init(); …</c> becomes <c>var f = new X(); f.Init(); … _f = f;</c>: the object is complete before
    /// any thread can see it.
    /// </summary>
    private static async Task<Document> PublishLastAsync(Document document, ExpressionStatementSyntax statement, AssignmentExpressionSyntax assignment, CancellationToken cancellationToken)
    {
        var semanticModel = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
        if (semanticModel.GetSymbolInfo(assignment.Left, cancellationToken).Symbol is not IFieldSymbol field)
        {
            return document;
        }

        var block = (BlockSyntax)statement.Parent!;
        var index = block.Statements.IndexOf(statement);
        var local = Naming.FreeName(Naming.StemOf(field.Name), semanticModel, statement.SpanStart);
        var lastUse = index;
        for (var i = index + 1; i < block.Statements.Count; i++)
        {
            if (SyntaxHelpers.ReferencesTo(block.Statements[i], field, semanticModel, cancellationToken).Any())
            {
                lastUse = i;
            }
        }

        var statements = block.Statements.ToList();
        statements[index] = LocalDeclarationStatement(
                VariableDeclaration(IdentifierName("var"))
                    .AddVariables(VariableDeclarator(local).WithInitializer(EqualsValueClause(assignment.Right.WithoutTrivia()))))
            .WithTriviaFrom(statement);
        for (var i = index + 1; i <= lastUse; i++)
        {
            var current = statements[i];
            var uses = current.DescendantNodes().OfType<IdentifierNameSyntax>()
                .Where(id => SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(id, cancellationToken).Symbol, field))
                .Select(id => id.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == id ? (ExpressionSyntax)access : id)
                .ToList();
            statements[i] = current.ReplaceNodes(uses, (original, _) => IdentifierName(local).WithTriviaFrom(original));
        }

        statements.Insert(lastUse + 1, ExpressionStatement(assignment.WithRight(IdentifierName(local)).WithoutTrivia()));
        var updatedBlock = block.WithStatements(List(statements));
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        return document.WithSyntaxRoot(root.ReplaceNode(block, SyntaxHelpers.Tidy(updatedBlock)));
    }
}
