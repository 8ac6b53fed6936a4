using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Guarded.CodeFixes.Atomicity;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Guarded.Analyzers.Tests;

/// <summary>Keeps the catalogue, the analyzers, the fixes, the release files and the docs in step.</summary>
public sealed class ConventionTests
{
    public static IEnumerable<object[]> Descriptors() =>
        AllDescriptors().Select(d => new object[] { d.Id });

    [Fact]
    public void Ids_AreUniqueAndFollowTheFamilyBands()
    {
        var ids = AllDescriptors().Select(d => d.Id).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^GRD[1234][0-9]{2}$", id));
        Assert.All(AllDescriptors(), d => Assert.Equal(
            d.Id[3] switch { '1' => "Atomicity", '2' => "Guarding", '3' => "Lifecycle", _ => "Hygiene" },
            d.Category));
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void EveryRule_HasAHelpLinkToItsDocPage_AndThePageExists(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        Assert.Equal(DiagnosticDescriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        var page = Repository.PathOf("docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"missing {page}");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text, StringComparison.Ordinal);
        foreach (var section in new[] { "## Cause", "## Why it is a bug", "## Non-compliant code", "## Compliant code", "## How to fix", "## Configuration", "## When to suppress" })
        {
            Assert.Contains(section, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void EveryRule_IsListedInTheRuleIndexAndTheReleaseFiles(string id)
    {
        var index = File.ReadAllText(Repository.PathOf("docs", "rules", "README.md"));
        Assert.Contains($"[{id}]({id}.md)", index, StringComparison.Ordinal);
        var releases = File.ReadAllText(Repository.PathOf("src", "Analyzers", "AnalyzerReleases.Shipped.md")) +
            File.ReadAllText(Repository.PathOf("src", "Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Matches(new Regex($"^{id} \\|", RegexOptions.Multiline), releases);
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void EveryRule_HasExactlyOneRuleAnalyzer_AndIsHostedByTheShippedAnalyzer(string id)
    {
        Assert.Single(RuleAnalyzers(), a => a.SupportedDiagnostics.Any(d => d.Id == id));
        Assert.Contains(Assert.Single(ShippedAnalyzers()).SupportedDiagnostics, d => d.Id == id);
    }

    [Fact]
    public void ThePackageLoadsOneAnalyzer_WhichHostsEveryRuleAnalyzer()
    {
        var shipped = Assert.Single(ShippedAnalyzers());
        Assert.IsType<GuardedAnalyzer>(shipped);
        Assert.Equal(
            RuleAnalyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).OrderBy(id => id),
            shipped.SupportedDiagnostics.Select(d => d.Id).OrderBy(id => id));
    }

    [Fact]
    public void EveryFixer_IsExportedUnderItsTypeName_FixesKnownIds_AndSupportsFixAll()
    {
        var ids = AllDescriptors().Select(d => d.Id).ToImmutableHashSet();
        var fixers = typeof(CheckThenActOnSharedCollectionFixer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .ToList();
        Assert.NotEmpty(fixers);
        foreach (var type in fixers)
        {
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Equal(type.Name, export!.Name);
            Assert.EndsWith("Fixer", type.Name, StringComparison.Ordinal);
            var fixer = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(id, ids));
            Assert.NotNull(fixer.GetFixAllProvider());

            var analyzerName = type.Name.Substring(0, type.Name.Length - "Fixer".Length) + "Analyzer";
            Assert.Contains(RuleAnalyzers(), a => a.GetType().Name == analyzerName);
        }
    }

    [Fact]
    public void AnalyzerAssembly_DoesNotReferenceWorkspaces()
    {
        var references = typeof(DiagnosticDescriptors).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain(references, name => name!.Contains("Workspaces", StringComparison.Ordinal));
    }

    internal static ImmutableArray<DiagnosticDescriptor> AllDescriptors() =>
        typeof(DiagnosticDescriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToImmutableArray();

    /// <summary>Each rule's own analyzer, as the rule's tests run it.</summary>
    internal static ImmutableArray<DiagnosticAnalyzer> RuleAnalyzers() =>
        typeof(DiagnosticDescriptors).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t != typeof(GuardedAnalyzer))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>The analyzers a host loads from the package: those marked <c>[DiagnosticAnalyzer]</c>.</summary>
    internal static ImmutableArray<DiagnosticAnalyzer> ShippedAnalyzers() =>
        typeof(DiagnosticDescriptors).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}
