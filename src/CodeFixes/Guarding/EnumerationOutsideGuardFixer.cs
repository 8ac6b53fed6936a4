using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Analyzers;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Guarding;

/// <summary>
/// GRD202 fix: copy the collection under its guard and enumerate the copy —
/// <c>List&lt;T&gt; snapshot; lock (g) { snapshot = _items.ToList(); } foreach (var x in snapshot) …</c>.
/// Offered when the enumeration sits in a statement of a block that evaluates it once (not a loop condition, not
/// inside a lambda), and the guard can be taken there.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EnumerationOutsideGuardFixer))]
[Shared]
public sealed class EnumerationOutsideGuardFixer : CodeFixProvider
{
    private const string SnapshotKey = DiagnosticIds.EnumerationOutsideGuard + ".Snapshot";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.EnumerationOutsideGuard);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var document = context.Document;
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var semanticModel = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || semanticModel is null || Plan(root, semanticModel, diagnostic, context.CancellationToken) is not { } plan ||
                (plan.IsCopy && (diagnostic.Hint(GuardProperties.FieldName) is not { } fieldName ||
                    GuardWrapPlan.Create(root, semanticModel, new[] { plan.Expression.Span }, plan.Guard, fieldName, context.CancellationToken) is null)))
            {
                continue;
            }

            var title = plan.IsCopy
                ? $"Take '{plan.Guard.GuardText}' around the copy of '{plan.Enumerated}'"
                : $"Copy '{plan.Enumerated}' under '{plan.Guard.GuardText}' and enumerate the copy";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    ct => ApplyAsync(document, new[] { diagnostic }, ct),
                    SnapshotKey),
                diagnostic);
        }
    }

    private static Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        ApplyAsync(document, diagnostics, context.CancellationToken)!;

    /// <summary>
    /// Applies the fixes of <paramref name="diagnostics"/>: copies (<c>ToList()</c>, <c>new List&lt;T&gt;(…)</c>) are
    /// wrapped in the guard as they stand; other enumerations get a snapshot. The enumerations to snapshot are
    /// annotated first, so they are found again after the wraps moved code around.
    /// </summary>
    private static async Task<Document> ApplyAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        var wraps = new List<GuardWrapPlan>();
        var snapshots = new Dictionary<SyntaxNode, (SyntaxAnnotation Annotation, Diagnostic Diagnostic)>();
        foreach (var diagnostic in diagnostics)
        {
            switch (Plan(root, semanticModel, diagnostic, cancellationToken))
            {
                case { IsCopy: true } copy when diagnostic.Hint(GuardProperties.FieldName) is { } fieldName &&
                    GuardWrapPlan.Create(root, semanticModel, new[] { copy.Expression.Span }, copy.Guard, fieldName, cancellationToken) is { } wrap:
                    wraps.Add(wrap);
                    break;
                case { IsCopy: false } snapshot:
                    snapshots[snapshot.Expression] = (new SyntaxAnnotation(SnapshotKey), diagnostic);
                    break;
            }
        }

        if (wraps.Count == 0 && snapshots.Count == 0)
        {
            return document;
        }

        if (snapshots.Count > 0)
        {
            document = document.WithSyntaxRoot(root.ReplaceNodes(snapshots.Keys, (original, _) => original.WithAdditionalAnnotations(snapshots[original].Annotation)));
            if (wraps.Count > 0)
            {
                // Re-plan the wraps on the annotated tree (same text, same spans).
                var annotatedRoot = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var annotatedModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                wraps = wraps
                    .Select(w => GuardWrapPlan.Create(annotatedRoot!, annotatedModel!, new[] { w.Span }, w.Guard, w.FieldName, cancellationToken))
                    .Where(w => w is not null)
                    .ToList()!;
            }
        }

        if (wraps.Count > 0)
        {
            document = await GuardWrapEditor.ApplyAsync(document, wraps, cancellationToken).ConfigureAwait(false);
        }

        return snapshots.Count == 0
            ? document
            : await SnapshotAsync(document, snapshots.Values.ToList(), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document> SnapshotAsync(Document document, List<(SyntaxAnnotation Annotation, Diagnostic Diagnostic)> snapshots, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var semanticModel = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return document;
        }

        var plans = new List<SnapshotPlan>();
        foreach (var (annotation, diagnostic) in snapshots)
        {
            if (root.GetAnnotatedNodes(annotation).FirstOrDefault() is ExpressionSyntax expression &&
                Plan(expression, semanticModel, diagnostic, cancellationToken) is { IsCopy: false } plan)
            {
                plans.Add(plan);
            }
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var reserved = new Dictionary<SyntaxNode, HashSet<string>>();

        // Names in source order; edits last first, so an edit never shifts an enumeration still to be replaced in the same statement.
        var namesByPlan = new Dictionary<SnapshotPlan, string>();
        foreach (var plan in plans.OrderBy(p => p.Expression.SpanStart))
        {
            var body = plan.Statement.Ancestors().First(a => a is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
            if (!reserved.TryGetValue(body, out var names))
            {
                reserved[body] = names = new HashSet<string>(DeclaredNames(body));
            }

            var name = UniqueName("snapshot", names, semanticModel, plan.Statement.SpanStart);
            names.Add(name);
            namesByPlan[plan] = name;
        }

        foreach (var plan in plans.OrderByDescending(p => p.Expression.SpanStart))
        {
            Snapshot(editor, plan, namesByPlan[plan], semanticModel);
        }

        var newRoot = editor.GetChangedRoot();
        if (plans.Count > 0 && newRoot is CompilationUnitSyntax unit && !ImportsLinq(unit, semanticModel.Compilation))
        {
            newRoot = SortUsings(unit.AddUsings(UsingDirective(ParseName("System.Linq")).WithAdditionalAnnotations(Formatter.Annotation)));
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static void Snapshot(SyntaxEditor editor, SnapshotPlan plan, string name, SemanticModel semanticModel)
    {
        var statement = plan.Statement;
        var listType = semanticModel.Compilation.GetTypeByMetadataName("System.Collections.Generic.List`1")!.Construct(plan.ElementType);
        var declaration = LocalDeclarationStatement(
                VariableDeclaration(ParseTypeName(listType.ToMinimalDisplayString(semanticModel, statement.SpanStart)))
                    .AddVariables(VariableDeclarator(name)))
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
        var copy = ExpressionStatement(AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            IdentifierName(name),
            InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, plan.Expression.WithoutTrivia(), IdentifierName("ToList")))));
        var guarded = GuardStatements.Around(plan.Guard, Block(copy), GuardStatements.IsInAsyncFunction(statement), readOnly: true, statement)!
            .Select(s => s.WithAdditionalAnnotations(Formatter.Annotation))
            .ToList();

        var endOfLine = statement.SyntaxTree.GetRoot().DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var blankLine = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : ElasticCarriageReturnLineFeed;
        editor.InsertBefore(statement, new StatementSyntax[] { declaration }.Concat(guarded));
        editor.ReplaceNode(statement, (current, _) =>
        {
            var replaced = current.ReplaceNode(
                current.GetCurrentNode(plan.Expression) ?? FindSame(current, plan, statement)!,
                IdentifierName(name).WithTriviaFrom(plan.Expression));
            var indentation = statement.GetLeadingTrivia().LastOrDefault();
            var leading = indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? TriviaList(blankLine, indentation) : TriviaList(blankLine);
            return replaced.WithLeadingTrivia(leading).WithAdditionalAnnotations(Formatter.Annotation);
        });
    }

    private static SyntaxNode? FindSame(SyntaxNode current, SnapshotPlan plan, StatementSyntax original)
    {
        var offset = plan.Expression.SpanStart - original.SpanStart;
        return current.DescendantNodes().FirstOrDefault(n => n.SpanStart - current.SpanStart == offset && n.Span.Length == plan.Expression.Span.Length && n.IsEquivalentTo(plan.Expression));
    }

    private static SnapshotPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        root.FullSpan.Contains(diagnostic.Location.SourceSpan) &&
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax expression
            ? Plan(expression, semanticModel, diagnostic, cancellationToken)
            : null;

    private static SnapshotPlan? Plan(ExpressionSyntax expression, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized;
        }

        var statement = expression.FirstAncestorOrSelf<StatementSyntax>();
        if (statement is null || statement.Parent is not BlockSyntax ||
            statement is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or LockStatementSyntax or UsingStatementSyntax or LocalFunctionStatementSyntax ||
            expression.Ancestors().TakeWhile(a => a != statement).Any(a => a is AnonymousFunctionExpressionSyntax or QueryExpressionSyntax))
        {
            return null;
        }

        if (semanticModel.GetEnclosingSymbol(statement.SpanStart, cancellationToken)?.ContainingType is not { } type ||
            GuardForm.From(diagnostic, type) is not { } guard ||
            (guard.Kind == "AsyncLock" && !GuardStatements.IsInAsyncFunction(statement)) ||
            ElementTypeOf(semanticModel.GetTypeInfo(expression, cancellationToken).Type, semanticModel.Compilation) is not { } elementType)
        {
            return null;
        }

        return new SnapshotPlan(expression, statement, guard, elementType, IsCopy(expression));
    }

    /// <summary>Whether the enumeration already copies the collection: <c>x.ToList()</c>, <c>x.ToArray()</c>, <c>new List&lt;T&gt;(x)</c>, ….</summary>
    private static bool IsCopy(ExpressionSyntax expression) => expression.Parent switch
    {
        MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } access when access.Expression == expression =>
            access.Name.Identifier.ValueText is "ToList" or "ToArray" or "ToHashSet" or "ToDictionary" or "CopyTo",
        ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: BaseObjectCreationExpressionSyntax } } => true,
        _ => false,
    };

    private static ITypeSymbol? ElementTypeOf(ITypeSymbol? type, Compilation compilation)
    {
        var enumerable = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        if (type is null)
        {
            return null;
        }

        foreach (var candidate in new[] { type }.Concat(type.AllInterfaces))
        {
            if (candidate is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, enumerable))
            {
                return named.TypeArguments[0];
            }
        }

        return null;
    }

    private static IEnumerable<string> DeclaredNames(SyntaxNode body) =>
        body.DescendantNodes().Select(n => n switch
        {
            VariableDeclaratorSyntax v => v.Identifier.ValueText,
            SingleVariableDesignationSyntax d => d.Identifier.ValueText,
            ForEachStatementSyntax f => f.Identifier.ValueText,
            ParameterSyntax p => p.Identifier.ValueText,
            _ => null,
        }).Where(n => n is not null)!;

    private static string UniqueName(string baseName, HashSet<string> taken, SemanticModel semanticModel, int position)
    {
        var visible = new HashSet<string>(semanticModel.LookupSymbols(position).Select(s => s.Name));
        var candidate = baseName;
        for (var i = 2; taken.Contains(candidate) || visible.Contains(candidate); i++)
        {
            candidate = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static bool ImportsLinq(CompilationUnitSyntax unit, Compilation compilation)
    {
        bool IsLinq(UsingDirectiveSyntax u) => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == "System.Linq";
        if (unit.Usings.Any(IsLinq) || unit.Members.OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Usings.Any(IsLinq)))
        {
            return true;
        }

        return compilation.SyntaxTrees.Any(tree => tree.GetRoot() is CompilationUnitSyntax other &&
            other.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && IsLinq(u)));
    }

    private static CompilationUnitSyntax SortUsings(CompilationUnitSyntax unit)
    {
        var usings = unit.Usings;
        var sorted = usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.None) && u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None)).ToList();
        if (sorted.Count != usings.Count)
        {
            return unit;
        }

        var ordered = sorted
            .OrderBy(u => u.Name!.ToString().StartsWith("System", System.StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(u => u.Name!.ToString(), System.StringComparer.Ordinal)
            .ToList();
        var leading = usings[0].GetLeadingTrivia();
        ordered = ordered.Select(u => u.WithLeadingTrivia(SyntaxTriviaList.Empty).WithTrailingTrivia(usings[usings.Count - 1].GetTrailingTrivia())).ToList();
        ordered[0] = ordered[0].WithLeadingTrivia(leading);
        return unit.WithUsings(List(ordered));
    }

    private sealed class SnapshotPlan
    {
        public SnapshotPlan(ExpressionSyntax expression, StatementSyntax statement, GuardForm guard, ITypeSymbol elementType, bool isCopy)
        {
            IsCopy = isCopy;
            Expression = expression;
            Statement = statement;
            Guard = guard;
            ElementType = elementType;
        }

        public ExpressionSyntax Expression { get; }

        /// <summary>The enumeration is itself a copy: the fix takes the guard around it instead of copying twice.</summary>
        public bool IsCopy { get; }

        public string Enumerated => Expression.ToString();

        public StatementSyntax Statement { get; }

        public GuardForm Guard { get; }

        public ITypeSymbol ElementType { get; }
    }
}
