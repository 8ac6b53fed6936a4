using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Guarded.Corpus.Tests.Support;

/// <summary>A case as a one-document project in an ad-hoc workspace, with helpers to run the code fixes on it.</summary>
internal static class CaseWorkspace
{
    public static Document CreateDocument(string path, string text)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "Case",
                "Case",
                LanguageNames.CSharp,
                compilationOptions: CorpusCompiler.CompilationOptions,
                parseOptions: CorpusCompiler.ParseOptions,
                metadataReferences: CorpusCompiler.References));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, path, SourceText.From(text), filePath: path);
        return solution.GetDocument(documentId)!;
    }

    public static async Task<ImmutableArray<Diagnostic>> CompilerErrorsAsync(Document document, CancellationToken cancellationToken = default)
    {
        var compilation = await document.Project.GetCompilationAsync(cancellationToken);
        return compilation!.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
    }

    /// <summary>Guarded findings and analyzer exceptions (AD0001) of the document's project.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document, CancellationToken cancellationToken = default)
    {
        var compilation = await document.Project.GetCompilationAsync(cancellationToken);
        var diagnostics = await CorpusCompiler.AnalyzeAsync(compilation!, cancellationToken);
        return diagnostics.Where(d => d.Id == "AD0001" || d.Id.StartsWith("GRD", StringComparison.Ordinal)).ToImmutableArray();
    }

    /// <summary>The code actions <paramref name="fixer"/> offers for <paramref name="diagnostic"/>.</summary>
    public static async Task<ImmutableArray<CodeAction>> FixesAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic, CancellationToken cancellationToken = default)
    {
        var actions = ImmutableArray.CreateBuilder<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        await fixer.RegisterCodeFixesAsync(context);
        return actions.ToImmutable();
    }

    /// <summary>The document as <paramref name="action"/> leaves it (null when the action changes no solution).</summary>
    public static async Task<Document?> ApplyAsync(CodeAction action, Document document, CancellationToken cancellationToken = default)
    {
        var operations = await action.GetOperationsAsync(cancellationToken);
        var solution = operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution;
        return solution?.GetDocument(document.Id);
    }

    /// <summary>Fix All in the document for <paramref name="fixer"/> with <paramref name="equivalenceKey"/>; null when nothing is offered.</summary>
    public static async Task<Document?> FixAllAsync(CodeFixProvider fixer, string? equivalenceKey, Document document, CancellationToken cancellationToken = default)
    {
        var provider = fixer.GetFixAllProvider();
        if (provider is null)
        {
            return null;
        }

        var context = new FixAllContext(
            document,
            fixer,
            FixAllScope.Document,
            equivalenceKey,
            fixer.FixableDiagnosticIds,
            new DocumentDiagnosticProvider(),
            cancellationToken);
        var action = await provider.GetFixAsync(context);
        return action is null ? null : await ApplyAsync(action, document, cancellationToken);
    }

    /// <summary>Feeds Fix All the analyzers' findings for the document or project it asks about.</summary>
    private sealed class DocumentDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return (await AnalyzeAsync(document, cancellationToken)).Where(d => d.Location.SourceTree == tree);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            var results = new List<Diagnostic>();
            foreach (var document in project.Documents)
            {
                results.AddRange(await GetDocumentDiagnosticsAsync(document, cancellationToken));
            }

            return results;
        }

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            GetProjectDiagnosticsAsync(project, cancellationToken);
    }
}
