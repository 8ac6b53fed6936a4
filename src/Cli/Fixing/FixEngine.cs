using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.Cli.Analysis;
using Guarded.Cli.Loading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Guarded.Cli.Fixing;

/// <summary>A file whose text the fixes changed.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="OriginalText">The text as loaded.</param>
/// <param name="FixedText">The text after every fix.</param>
internal sealed record FixedFile(string Path, string OriginalText, string FixedText);

/// <summary>A finding left after fixing.</summary>
/// <param name="Finding">The finding.</param>
/// <param name="FixOffered">Whether a Guarded code fix offers an action for it (it was then declined or out of rounds).</param>
internal sealed record RemainingFinding(Finding Finding, bool FixOffered);

/// <summary>What <see cref="FixEngine.RunAsync"/> did.</summary>
/// <param name="Files">Changed files, ordered by path.</param>
/// <param name="FixedByRule">Per rule, how many fewer findings there are than before (only rules that went down).</param>
/// <param name="Remaining">Findings of the selected rules still reported after the last round.</param>
/// <param name="Rounds">Rounds that applied at least one fix.</param>
/// <param name="Failures">Code fixes and analyzers that threw, one message each; their edits were dropped.</param>
internal sealed record FixOutcome(
    IReadOnlyList<FixedFile> Files,
    IReadOnlyDictionary<string, int> FixedByRule,
    IReadOnlyList<RemainingFinding> Remaining,
    int Rounds,
    IReadOnlyList<string> Failures);

/// <summary>
/// Applies the Guarded code fixes the way an IDE's Fix All in Document does: per document, per code fix and
/// equivalence key (the first action a fix offers for a diagnostic, unless <c>--fix</c> prefers another), through the
/// fix's own <see cref="FixAllProvider"/>. Everything happens on immutable solutions; nothing is written here.
/// </summary>
internal sealed class FixEngine
{
    /// <summary>Full analyse-and-fix rounds at most; later rounds pick up what earlier fixes enabled.</summary>
    internal const int MaxRounds = 3;

    /// <summary>Fix All applications per document within one round (a document is re-analysed between them).</summary>
    private const int MaxStepsPerDocument = 8;

    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly ImmutableArray<CodeFixProvider> _fixers;
    private readonly IReadOnlySet<string> _rules;
    private readonly IReadOnlySet<string> _preferredKeys;
    private readonly Action<string>? _progress;
    private readonly List<string> _failures = [];

    /// <summary>Creates an engine.</summary>
    /// <param name="analyzers">The analyzers that report what to fix.</param>
    /// <param name="fixers">The code fixes to apply.</param>
    /// <param name="rules">Rule ids to fix; empty for all.</param>
    /// <param name="preferredKeys">Equivalence keys to choose when a fix offers them; otherwise its first action.</param>
    /// <param name="progress">Progress lines, or null.</param>
    public FixEngine(
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        ImmutableArray<CodeFixProvider> fixers,
        IReadOnlySet<string> rules,
        IReadOnlySet<string> preferredKeys,
        Action<string>? progress)
    {
        _rules = rules;
        _analyzers = rules.Count == 0 ? analyzers : analyzers.Where(a => a.SupportedDiagnostics.Any(d => rules.Contains(d.Id))).ToImmutableArray();
        _fixers = fixers;
        _preferredKeys = preferredKeys;
        _progress = progress;
    }

    /// <summary>Analyses and fixes until nothing changes or <see cref="MaxRounds"/> rounds ran.</summary>
    public async Task<FixOutcome> RunAsync(LoadResult load, CancellationToken cancellationToken)
    {
        Solution original = load.Solution;
        Solution solution = original;
        IReadOnlyList<ProjectId> projects = load.Projects.Select(p => p.ProjectId).ToList();
        Dictionary<string, int>? before = null;
        int rounds = 0;
        List<PlannedDocument> plan;
        while (true)
        {
            _progress?.Invoke($"Round {rounds + 1}: analysing…");
            List<Diagnostic> diagnostics = await AnalyseAsync(solution, projects, cancellationToken).ConfigureAwait(false);
            before ??= CountByRule(diagnostics);
            plan = await PlanAsync(solution, diagnostics, cancellationToken).ConfigureAwait(false);
            if (rounds == MaxRounds || !plan.Any(d => d.Groups.Count > 0))
            {
                break;
            }

            Solution next = solution;
            foreach (PlannedDocument document in plan.Where(d => d.Groups.Count > 0))
            {
                _progress?.Invoke($"Round {rounds + 1}: fixing {System.IO.Path.GetFileName(document.Path)}…");
                next = await FixDocumentAsync(next, document, cancellationToken).ConfigureAwait(false);
            }

            if (!HasTextChanges(solution, next, projects))
            {
                break;
            }

            solution = next;
            rounds++;
        }

        Dictionary<string, int> after = CountByRule(plan.SelectMany(d => d.Diagnostics));
        var fixedByRule = before
            .Select(pair => (pair.Key, Count: pair.Value - after.GetValueOrDefault(pair.Key)))
            .Where(pair => pair.Count > 0)
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key, pair => pair.Count, StringComparer.Ordinal);

        var remaining = plan
            .SelectMany(d => d.Diagnostics.Select(diagnostic => new RemainingFinding(AnalysisRunner.ToFinding(diagnostic, analyzerFailure: false), d.Offered.Contains(diagnostic))))
            .OrderBy(r => r.Finding.Region?.Path, StringComparer.Ordinal)
            .ThenBy(r => r.Finding.Region?.StartLine)
            .ThenBy(r => r.Finding.Region?.StartColumn)
            .ThenBy(r => r.Finding.Id, StringComparer.Ordinal)
            .ToList();

        List<FixedFile> files = await ChangedFilesAsync(original, solution, projects, cancellationToken).ConfigureAwait(false);
        return new FixOutcome(files, fixedByRule, remaining, rounds, _failures);
    }

    /// <summary>
    /// The reported, unsuppressed, non-hidden diagnostics of the selected rules in every project, one per file, span,
    /// rule and message (a multi-targeted file is fixed once, through its first project).
    /// </summary>
    private async Task<List<Diagnostic>> AnalyseAsync(Solution solution, IReadOnlyList<ProjectId> projects, CancellationToken cancellationToken)
    {
        var result = new List<Diagnostic>();
        var seen = new HashSet<(string Id, string Path, TextSpan Span, string Message)>();
        for (int i = 0; i < projects.Count; i++)
        {
            Project project = solution.GetProject(projects[i])!;
            _progress?.Invoke($"[{i + 1}/{projects.Count}] Analysing {project.Name}…");
            foreach (Diagnostic diagnostic in await AnalyseProjectAsync(project, tree: null, cancellationToken).ConfigureAwait(false))
            {
                string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
                if (seen.Add((diagnostic.Id, diagnostic.Location.SourceTree!.FilePath, diagnostic.Location.SourceSpan, message)))
                {
                    result.Add(diagnostic);
                }
            }
        }

        return result;
    }

    /// <summary>The selected rules' diagnostics in <paramref name="project"/>, or only in <paramref name="tree"/> when given.</summary>
    private async Task<List<Diagnostic>> AnalyseProjectAsync(Project project, SyntaxTree? tree, CancellationToken cancellationToken)
    {
        Compilation? compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || _analyzers.IsEmpty)
        {
            return [];
        }

        compilation = AnalysisRunner.EnableRequestedRules(compilation, _analyzers.SelectMany(a => a.SupportedDiagnostics), _rules);

        var options = new CompilationWithAnalyzersOptions(project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        CompilationWithAnalyzers withAnalyzers = compilation.WithAnalyzers(_analyzers, options);
        ImmutableArray<Diagnostic> diagnostics;
        if (tree is null)
        {
            diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            SemanticModel model = compilation.GetSemanticModel(tree);
            ImmutableArray<Diagnostic> syntax = await withAnalyzers.GetAnalyzerSyntaxDiagnosticsAsync(tree, cancellationToken).ConfigureAwait(false);
            ImmutableArray<Diagnostic> semantic = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).ConfigureAwait(false);
            diagnostics = syntax.AddRange(semantic);
        }

        var result = new List<Diagnostic>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            if (diagnostic.Id == AnalysisRunner.AnalyzerExceptionId)
            {
                string failure = $"error: a Guarded analyzer crashed (AD0001) — this is a bug in Guarded, please report it: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
                if (!_failures.Contains(failure))
                {
                    _failures.Add(failure);
                }

                continue;
            }

            if (diagnostic.IsSuppressed || diagnostic.Severity == DiagnosticSeverity.Hidden
                || (_rules.Count > 0 && !_rules.Contains(diagnostic.Id))
                || diagnostic.Location.SourceTree is not { } sourceTree
                || (tree is not null && sourceTree != tree))
            {
                continue;
            }

            result.Add(diagnostic);
        }

        return result;
    }

    /// <summary>Groups the diagnostics by document and, within a document, by the code fix and action chosen for each.</summary>
    private async Task<List<PlannedDocument>> PlanAsync(Solution solution, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var documents = new List<PlannedDocument>();
        foreach (IGrouping<SyntaxTree, Diagnostic> byTree in diagnostics.GroupBy(d => d.Location.SourceTree!).OrderBy(g => g.Key.FilePath, StringComparer.Ordinal))
        {
            Document? document = solution.GetDocument(byTree.Key);
            var inDocument = byTree.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
            if (document is null)
            {
                documents.Add(new PlannedDocument(byTree.Key.FilePath, null, inDocument, [], []));
                continue;
            }

            (List<FixGroup> groups, HashSet<Diagnostic> offered) = await GroupAsync(document, inDocument, cancellationToken).ConfigureAwait(false);
            documents.Add(new PlannedDocument(byTree.Key.FilePath, document.Id, inDocument, groups, offered));
        }

        return documents;
    }

    /// <summary>Asks the code fixes for their actions on each diagnostic and groups them by fix and equivalence key.</summary>
    private async Task<(List<FixGroup> Groups, HashSet<Diagnostic> Offered)> GroupAsync(Document document, IReadOnlyList<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var groups = new List<FixGroup>();
        var offered = new HashSet<Diagnostic>();
        foreach (Diagnostic diagnostic in diagnostics)
        {
            foreach (CodeFixProvider fixer in _fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                CodeAction? action = await ChooseActionAsync(fixer, document, diagnostic, cancellationToken).ConfigureAwait(false);
                if (action is null)
                {
                    continue;
                }

                offered.Add(diagnostic);
                FixGroup? group = groups.Find(g => g.Fixer == fixer && g.EquivalenceKey == action.EquivalenceKey);
                if (group is null)
                {
                    group = new FixGroup(fixer, action.EquivalenceKey, [], action);
                    groups.Add(group);
                }

                group.Diagnostics.Add(diagnostic);
                break;
            }
        }

        return (groups, offered);
    }

    /// <summary>The action of <paramref name="fixer"/> for <paramref name="diagnostic"/>: a preferred key if offered, else the first.</summary>
    private async Task<CodeAction?> ChooseActionAsync(CodeFixProvider fixer, Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        try
        {
            await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Fail($"error: the {diagnostic.Id} code fix {fixer.GetType().Name} threw while offering a fix in {document.FilePath}: {exception.GetType().Name}: {exception.Message}");
            return null;
        }

        // A group of actions counts as its nested actions, in order.
        List<CodeAction> flat = actions.SelectMany(a => a.NestedActions.IsDefaultOrEmpty ? [a] : a.NestedActions.AsEnumerable()).ToList();
        return flat.Find(a => a.EquivalenceKey is { } key && _preferredKeys.Contains(key)) ?? flat.FirstOrDefault();
    }

    /// <summary>
    /// Applies the document's fix groups one after the other; before each group after the first, the document is
    /// re-analysed so the group's diagnostics point into the current text.
    /// </summary>
    private async Task<Solution> FixDocumentAsync(Solution solution, PlannedDocument planned, CancellationToken cancellationToken)
    {
        List<FixGroup> groups = planned.Groups;
        var attempted = new HashSet<(CodeFixProvider Fixer, string? Key)>();
        for (int step = 0; step < MaxStepsPerDocument; step++)
        {
            FixGroup? group = groups.Find(g => !attempted.Contains((g.Fixer, g.EquivalenceKey)));
            if (group is null)
            {
                break;
            }

            attempted.Add((group.Fixer, group.EquivalenceKey));
            Solution applied = await ApplyAsync(solution, planned.DocumentId!, group, cancellationToken).ConfigureAwait(false);
            if (applied == solution)
            {
                continue;
            }

            solution = applied;
            Document document = solution.GetDocument(planned.DocumentId!)!;
            SyntaxTree tree = (await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false))!;
            List<Diagnostic> fresh = await AnalyseProjectAsync(document.Project, tree, cancellationToken).ConfigureAwait(false);
            groups = (await GroupAsync(document, fresh.OrderBy(d => d.Location.SourceSpan.Start).ToList(), cancellationToken).ConfigureAwait(false)).Groups;
        }

        return solution;
    }

    /// <summary>Runs one Fix All in Document; returns <paramref name="solution"/> itself when it changes nothing or throws.</summary>
    private async Task<Solution> ApplyAsync(Solution solution, DocumentId documentId, FixGroup group, CancellationToken cancellationToken)
    {
        Document document = solution.GetDocument(documentId)!;
        string id = group.Diagnostics[0].Id;
        try
        {
            CodeAction? action = group.FirstAction;
            FixAllProvider? fixAll = group.Fixer.GetFixAllProvider();
            if (fixAll is not null && fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Document))
            {
                var context = new FixAllContext(
                    document,
                    group.Fixer,
                    FixAllScope.Document,
                    group.EquivalenceKey,
                    group.Diagnostics.Select(d => d.Id).Distinct(StringComparer.Ordinal),
                    new FixedDiagnostics(group.Diagnostics),
                    cancellationToken);
                action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
            }

            if (action is null)
            {
                return solution;
            }

            ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
            Solution? changed = operations.OfType<ApplyChangesOperation>().Select(o => o.ChangedSolution).LastOrDefault();
            return changed is null ? solution : await SyncLinkedDocumentsAsync(solution, changed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Fail($"error: the {id} code fix {group.Fixer.GetType().Name} ({group.EquivalenceKey}) threw in {document.FilePath}; its edits were dropped: {exception.GetType().Name}: {exception.Message}");
            return solution;
        }
    }

    /// <summary>
    /// Keeps every copy of a file (one per target framework or project that includes it) at the same text: each
    /// changed document's text is copied to the other documents with its path.
    /// </summary>
    private static async Task<Solution> SyncLinkedDocumentsAsync(Solution before, Solution changed, CancellationToken cancellationToken)
    {
        Solution result = changed;
        foreach (ProjectChanges projectChanges in changed.GetChanges(before).GetProjectChanges())
        {
            foreach (DocumentId documentId in projectChanges.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                Document document = changed.GetDocument(documentId)!;
                if (document.FilePath is null)
                {
                    continue;
                }

                SourceText text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                foreach (DocumentId linked in result.GetDocumentIdsWithFilePath(document.FilePath).Where(l => l != documentId))
                {
                    result = result.WithDocumentText(linked, text);
                }
            }
        }

        return result;
    }

    private static bool HasTextChanges(Solution before, Solution after, IReadOnlyList<ProjectId> projects)
    {
        return projects.Any(p => after.GetChanges(before).GetProjectChanges().Any(c => c.ProjectId == p && c.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true).Any()));
    }

    private static async Task<List<FixedFile>> ChangedFilesAsync(Solution original, Solution current, IReadOnlyList<ProjectId> projects, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, FixedFile>(StringComparer.Ordinal);
        foreach (ProjectChanges changes in current.GetChanges(original).GetProjectChanges().Where(c => projects.Contains(c.ProjectId)))
        {
            foreach (DocumentId documentId in changes.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                Document before = original.GetDocument(documentId)!;
                Document after = current.GetDocument(documentId)!;
                if (before.FilePath is null || files.ContainsKey(before.FilePath))
                {
                    continue;
                }

                string oldText = (await before.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
                string newText = (await after.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
                if (!string.Equals(oldText, newText, StringComparison.Ordinal))
                {
                    files[before.FilePath] = new FixedFile(before.FilePath, oldText, newText);
                }
            }
        }

        return files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, int> CountByRule(IEnumerable<Diagnostic> diagnostics)
    {
        return diagnostics.GroupBy(d => d.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    private void Fail(string message)
    {
        if (!_failures.Contains(message))
        {
            _failures.Add(message);
        }
    }

    /// <summary>The diagnostics of one document, with the fix groups planned for them.</summary>
    private sealed record PlannedDocument(string Path, DocumentId? DocumentId, List<Diagnostic> Diagnostics, List<FixGroup> Groups, HashSet<Diagnostic> Offered);

    /// <summary>Diagnostics one code fix handles with one equivalence key in one document.</summary>
    private sealed record FixGroup(CodeFixProvider Fixer, string? EquivalenceKey, List<Diagnostic> Diagnostics, CodeAction FirstAction);

    /// <summary>Hands a Fix All exactly the diagnostics of its group.</summary>
    private sealed class FixedDiagnostics(IReadOnlyList<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            return Task.FromResult<IEnumerable<Diagnostic>>(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath).ToList());
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            return Task.FromResult<IEnumerable<Diagnostic>>([]);
        }

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
        {
            return Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
        }
    }
}
