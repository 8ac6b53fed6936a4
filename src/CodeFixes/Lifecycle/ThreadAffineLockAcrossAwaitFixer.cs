using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Guarded.Analyzers;
using Guarded.CodeFixes.Atomicity;
using Guarded.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Guarded.CodeFixes.Lifecycle;

/// <summary>
/// GRD304 fixes: replaces a <c>Monitor</c> lock object that only this async method uses by a
/// <c>SemaphoreSlim(1, 1)</c> field: <c>Monitor.Enter(_x)</c> becomes <c>await _xGate.WaitAsync()</c> and
/// <c>Monitor.Exit(_x)</c> becomes <c>_xGate.Release()</c>. Not offered when other members lock on the same object
/// (they would stop excluding this method), for reader/writer locks, or for lock objects that are not private fields.
/// When the monitor is a per-key object from a registry (<c>var gate = _locks.GetOrAdd(key, _ =&gt; new object());</c>)
/// and Guarded.Runtime is referenced, the registry becomes a <c>SessionLocks&lt;TKey&gt;</c> instead
/// (<see cref="SessionLocksRewrite"/>): the acquisition becomes <c>using (await _locks.AcquireAsync(key))</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ThreadAffineLockAcrossAwaitFixer))]
[Shared]
public sealed class ThreadAffineLockAcrossAwaitFixer : AnnotatedEditFixer
{
    private const string EquivalenceKey = DiagnosticIds.ThreadAffineLockAcrossAwait + ".UseSemaphoreSlim";
    private const string SessionLocksKey = DiagnosticIds.ThreadAffineLockAcrossAwait + ".SessionLocks";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.ThreadAffineLockAcrossAwait);

    private protected override (string EquivalenceKey, System.Func<IFieldRewrite, string> Title, FieldRewritePlanner Planner)? FieldRewrite =>
        (SessionLocksKey, rewrite => $"Make '{rewrite.FieldName}' a SessionLocks (async per-key locks)", PerKeyMonitorRewrite);

    /// <summary>The SessionLocks rewrite of the registry the entered monitor comes from: <c>var gate = _locks.GetOrAdd(…); Monitor.Enter(gate);</c>.</summary>
    private static IFieldRewrite? PerKeyMonitorRewrite(SyntaxNode root, SemanticModel semanticModel, SyntaxNode node, CancellationToken cancellationToken) =>
        node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { ArgumentList.Arguments.Count: 1 } enter &&
        semanticModel.GetSymbolInfo(enter.ArgumentList.Arguments[0].Expression, cancellationToken).Symbol is ILocalSymbol { DeclaringSyntaxReferences.Length: 1 } gate &&
        gate.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: InvocationExpressionSyntax lookup }
            ? SessionLocksRewrite.TryCreate(root, semanticModel, lookup, cancellationToken)
            : null;

    private protected override FixPlan? Plan(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(GuardProperties.GuardKind, out var kind) || kind != "Monitor" ||
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } enter ||
            semanticModel.GetSymbolInfo(enter.ArgumentList.Arguments[0].Expression, cancellationToken).Symbol is not IFieldSymbol { DeclaredAccessibility: Accessibility.Private } lockField ||
            lockField.DeclaringSyntaxReferences.Length != 1 ||
            lockField.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: FieldDeclarationSyntax fieldDeclaration } } ||
            fieldDeclaration.SyntaxTree != root.SyntaxTree)
        {
            return null;
        }

        var function = enter.Ancestors().FirstOrDefault(a => a is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax);
        if (!IsAsync(function) || fieldDeclaration.Parent is not TypeDeclarationSyntax type)
        {
            return null;
        }

        // Every use of the lock object must be a Monitor.Enter(x)/Exit(x) of this function.
        var calls = new List<InvocationExpressionSyntax>();
        foreach (var identifier in SyntaxHelpers.ReferencesTo(type, lockField, semanticModel, cancellationToken))
        {
            var use = identifier.Parent is MemberAccessExpressionSyntax { Name: var name } access && name == identifier ? access : (ExpressionSyntax)identifier;
            if (use.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: InvocationExpressionSyntax call } } ||
                semanticModel.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol { Name: "Enter" or "Exit", ContainingType: { Name: "Monitor" } } ||
                call.Ancestors().FirstOrDefault(a => a is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax) != function)
            {
                return null;
            }

            calls.Add(call);
        }

        var gateName = GateName(lockField);
        var edit = new AnnotatedEdit();
        var fieldMark = edit.Mark(fieldDeclaration);
        var callMarks = calls.Select(call => (Mark: edit.Mark(call), IsEnter: ((IMethodSymbol)semanticModel.GetSymbolInfo(call, cancellationToken).Symbol!).Name == "Enter")).ToList();
        edit.Apply = current => Rewrite(current, fieldMark, callMarks, gateName, lockField.IsStatic);
        return new FixPlan($"Use a SemaphoreSlim '{gateName}' instead of Monitor on '{lockField.Name}'", EquivalenceKey, edit);
    }

    private static SyntaxNode? Rewrite(SyntaxNode root, SyntaxAnnotation fieldMark, List<(SyntaxAnnotation Mark, bool IsEnter)> callMarks, string gateName, bool isStatic)
    {
        var fieldDeclaration = AnnotatedEdit.Find<FieldDeclarationSyntax>(root, fieldMark);
        if (fieldDeclaration is null)
        {
            return null;
        }

        var gate = IdentifierName(gateName);
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var (mark, isEnter) in callMarks)
        {
            if (AnnotatedEdit.Find<InvocationExpressionSyntax>(root, mark) is not { } call)
            {
                continue;
            }

            ExpressionSyntax replacement = isEnter
                ? GuardStatements.AwaitLikeNeighbours(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, gate, IdentifierName("WaitAsync"))), call)
                : InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, gate, IdentifierName("Release")));
            replacements[call] = replacement.WithTriviaFrom(call);
        }

        var semaphoreType = ParseTypeName("System.Threading.SemaphoreSlim").WithAdditionalAnnotations(Simplifier.Annotation);
        var modifiers = isStatic
            ? TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword), Token(SyntaxKind.ReadOnlyKeyword))
            : TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.ReadOnlyKeyword));
        var one = LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(1));
        var newField = FieldDeclaration(
                VariableDeclaration(semaphoreType)
                    .AddVariables(VariableDeclarator(gateName)
                        .WithInitializer(EqualsValueClause(ObjectCreationExpression(semaphoreType)
                            .WithArgumentList(ArgumentList(SeparatedList(new[] { Argument(one), Argument(one) })))))))
            .WithModifiers(modifiers)
            .WithTriviaFrom(fieldDeclaration)
            .WithAdditionalAnnotations(Formatter.Annotation);
        replacements[fieldDeclaration] = newField;

        return root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
    }

    /// <summary><c>_ticketLock</c> → <c>_ticketGate</c>, <c>_sync</c> → <c>_syncGate</c>, <c>s_lock</c> → <c>s_gate</c>; a numeric suffix when taken.</summary>
    private static string GateName(IFieldSymbol lockField)
    {
        var name = lockField.Name;
        var prefixLength = name.StartsWith("s_", System.StringComparison.Ordinal) || name.StartsWith("m_", System.StringComparison.Ordinal) ? 2 : name.StartsWith("_", System.StringComparison.Ordinal) ? 1 : 0;
        var prefix = name.Substring(0, prefixLength);
        var stem = name.Substring(prefixLength);
        if (stem.EndsWith("Lock", System.StringComparison.Ordinal) && stem.Length > 4)
        {
            stem = stem.Substring(0, stem.Length - 4);
        }
        else if (stem is "lock" or "gate")
        {
            stem = string.Empty;
        }

        var baseName = stem.Length == 0 ? prefix + "gate" : prefix + stem + "Gate";
        var candidate = baseName;
        var suffix = 2;
        while (lockField.ContainingType.GetMembers(candidate).Any(m => !SymbolEqualityComparer.Default.Equals(m, lockField)))
        {
            candidate = baseName + suffix++;
        }

        return candidate;
    }

    private static bool IsAsync(SyntaxNode? function) => function switch
    {
        MethodDeclarationSyntax method => method.Modifiers.Any(SyntaxKind.AsyncKeyword),
        LocalFunctionStatementSyntax local => local.Modifiers.Any(SyntaxKind.AsyncKeyword),
        AnonymousFunctionExpressionSyntax lambda => lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword),
        _ => false,
    };
}
