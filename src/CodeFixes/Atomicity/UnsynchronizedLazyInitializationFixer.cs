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
/// GRD103 fixes: <c>LazyInitializer.EnsureInitialized(ref _f, () =&gt; …)</c>, or, when the value needs nothing
/// (<c>new T()</c>) and nothing else writes the field, a <c>readonly</c> field initialized in its declaration; then
/// the whole-field rewrite to <c>Lazy&lt;T&gt;</c> (see <see cref="LazyOfTRewrite"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsynchronizedLazyInitializationFixer))]
[Shared]
public sealed class UnsynchronizedLazyInitializationFixer : CodeFixProvider
{
    private const string LazyInitializerKey = DiagnosticIds.UnsynchronizedLazyInitialization + ".LazyInitializer";
    private const string FieldInitializerKey = DiagnosticIds.UnsynchronizedLazyInitialization + ".FieldInitializer";
    private const string LazyOfTKey = DiagnosticIds.UnsynchronizedLazyInitialization + ".Lazy";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.UnsynchronizedLazyInitialization);

    private static readonly FixAllProvider s_fixAll = FieldRewriteFixes.CreateFixAllProvider(new Dictionary<string, FieldRewritePlanner>
    {
        [LazyOfTKey] = LazyOfTRewrite.TryCreate,
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
            if (Find(root, diagnostic) is not { } lazy ||
                semanticModel.GetSymbolInfo(lazy.Field, context.CancellationToken).Symbol is not IFieldSymbol field)
            {
                continue;
            }

            if (field.Type.IsReferenceType)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use LazyInitializer.EnsureInitialized",
                        ct => UseLazyInitializerAsync(context.Document, lazy, ct),
                        LazyInitializerKey),
                    diagnostic);
            }

            if (CanMoveToFieldInitializer(root, semanticModel, lazy, field, context.CancellationToken) is { } declarator)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Initialize '{field.Name}' in its declaration",
                        ct => MoveToFieldInitializerAsync(context.Document, lazy, declarator, ct),
                        FieldInitializerKey),
                    diagnostic);
            }
        }

        // After the local fixes, so the CLI's default (the first fix offered) stays what it was.
        await FieldRewriteFixes.RegisterAsync(context, LazyOfTKey, rewrite => $"Make '{rewrite.FieldName}' a {((LazyOfTRewrite)rewrite).LazyTypeName}", LazyOfTRewrite.TryCreate).ConfigureAwait(false);
    }

    private static async Task<Document> UseLazyInitializerAsync(Document document, LazySyntax lazy, CancellationToken cancellationToken)
    {
        var call = SyntaxHelpers.Call(
            SyntaxHelpers.TypeReference("System.Threading.LazyInitializer"),
            "EnsureInitialized",
            SyntaxHelpers.RefArgument(lazy.Field),
            Argument(ParenthesizedLambdaExpression(lazy.Value.WithoutTrivia())));
        SyntaxNode replacement = lazy.Whole is IfStatementSyntax
            ? ExpressionStatement(call)
            : call;
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var rewritten = root.ReplaceNode(lazy.Whole, SyntaxHelpers.Tidy(replacement).WithTriviaFrom(lazy.Whole));
        return await ImportCleanup.AddImportsAsync(document.WithSyntaxRoot(rewritten), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document> MoveToFieldInitializerAsync(Document document, LazySyntax lazy, VariableDeclaratorSyntax declarator, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        if (lazy.Whole is IfStatementSyntax)
        {
            editor.RemoveNode(lazy.Whole, SyntaxRemoveOptions.KeepExteriorTrivia);
        }
        else
        {
            editor.ReplaceNode(lazy.Whole, lazy.Field.WithTriviaFrom(lazy.Whole));
        }

        var fieldDeclaration = (FieldDeclarationSyntax)declarator.Parent!.Parent!;
        var initialized = declarator.WithInitializer(EqualsValueClause(lazy.Value.WithoutTrivia()));
        var declaration = fieldDeclaration.Declaration.ReplaceNode(declarator, initialized);
        var updated = fieldDeclaration.WithDeclaration(declaration);
        if (!updated.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
        {
            updated = updated.AddModifiers(Token(SyntaxKind.ReadOnlyKeyword));
        }

        // A nullable annotation was only there for the lazy null state.
        if (updated.Declaration.Type is NullableTypeSyntax nullable)
        {
            updated = updated.WithDeclaration(updated.Declaration.WithType(nullable.ElementType.WithTriviaFrom(nullable)));
        }

        editor.ReplaceNode(fieldDeclaration, SyntaxHelpers.Tidy(updated));
        return editor.GetChangedDocument();
    }

    /// <summary>
    /// The field's declarator when the value is a parameterless <c>new</c>, the field is declared alone in this
    /// document's only declaration of the type, and this lazy initialization is its only write.
    /// </summary>
    private static VariableDeclaratorSyntax? CanMoveToFieldInitializer(SyntaxNode root, SemanticModel semanticModel, LazySyntax lazy, IFieldSymbol field, CancellationToken cancellationToken)
    {
        if (lazy.Value is not (ObjectCreationExpressionSyntax { Initializer: null } or ImplicitObjectCreationExpressionSyntax { Initializer: null }) ||
            ((BaseObjectCreationExpressionSyntax)lazy.Value).ArgumentList?.Arguments.Count > 0 ||
            field.DeclaringSyntaxReferences.Length != 1 ||
            field.ContainingType.DeclaringSyntaxReferences.Length != 1 ||
            field.DeclaringSyntaxReferences[0].SyntaxTree != root.SyntaxTree ||
            field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: null, Parent.Parent: FieldDeclarationSyntax declaration } declarator ||
            declaration.Declaration.Variables.Count != 1)
        {
            return null;
        }

        var type = declaration.Parent!;
        return SyntaxHelpers.ReferencesTo(type, field, semanticModel, cancellationToken).Any(identifier => identifier != lazy.AssignedField && IsWritten(identifier))
            ? null
            : declarator;
    }

    private static bool IsWritten(ExpressionSyntax identifier)
    {
        var expression = identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier ? access : identifier;
        return expression.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == expression,
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
            PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
            _ => false,
        };
    }

    private static LazySyntax? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(UnsynchronizedLazyInitializationAnalyzer.FormProperty, out var form))
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        switch (form)
        {
            case "If" when node.FirstAncestorOrSelf<IfStatementSyntax>() is { } ifStatement:
                var assignment = ifStatement.Statement switch
                {
                    ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax a } => a,
                    BlockSyntax { Statements.Count: 1 } block when block.Statements[0] is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax a } => a,
                    _ => null,
                };
                return assignment is null ? null : new LazySyntax(ifStatement, assignment.Left, assignment.Left, assignment.Right);

            case "CoalesceAssignment" when node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { RawKind: (int)SyntaxKind.CoalesceAssignmentExpression } coalesceAssignment:
                return new LazySyntax(coalesceAssignment, coalesceAssignment.Left, coalesceAssignment.Left, coalesceAssignment.Right);

            case "Coalesce" when node.FirstAncestorOrSelf<BinaryExpressionSyntax>() is { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce &&
                                 WithoutParentheses(coalesce.Right) is AssignmentExpressionSyntax inner:
                return new LazySyntax(coalesce, coalesce.Left, inner.Left, inner.Right);

            default:
                return null;
        }
    }

    private static ExpressionSyntax WithoutParentheses(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    private sealed class LazySyntax
    {
        public LazySyntax(SyntaxNode whole, ExpressionSyntax field, ExpressionSyntax assignedField, ExpressionSyntax value)
        {
            Whole = whole;
            Field = field;
            AssignedField = assignedField is MemberAccessExpressionSyntax access ? access.Name : assignedField;
            Value = value;
        }

        public SyntaxNode Whole { get; }

        public ExpressionSyntax Field { get; }

        public ExpressionSyntax AssignedField { get; }

        public ExpressionSyntax Value { get; }
    }
}
