using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Guarded.Cli.Analysis;

/// <summary>A position range in a file, 1-based lines and columns, end column exclusive.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="StartLine">1-based first line.</param>
/// <param name="StartColumn">1-based first column.</param>
/// <param name="EndLine">1-based last line.</param>
/// <param name="EndColumn">1-based column just after the span.</param>
internal sealed record SourceRegion(string Path, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>Converts a Roslyn file span; returns <see langword="null"/> for locations outside source.</summary>
    public static SourceRegion? From(Location location)
    {
        if (location.Kind != LocationKind.SourceFile)
        {
            return null;
        }

        FileLinePositionSpan span = location.GetMappedLineSpan();
        if (!span.IsValid || string.IsNullOrEmpty(span.Path))
        {
            span = location.GetLineSpan();
        }

        LinePosition start = span.StartLinePosition;
        LinePosition end = span.EndLinePosition;
        return new SourceRegion(span.Path, start.Line + 1, start.Character + 1, end.Line + 1, end.Character + 1);
    }
}

/// <summary>One reported diagnostic, detached from the compilation.</summary>
/// <param name="Id">The rule id, e.g. <c>GRD101</c>.</param>
/// <param name="Severity">Effective severity after .editorconfig (AD0001 is always an error).</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Region">Where it was reported, or <see langword="null"/> for compilation-level diagnostics.</param>
/// <param name="Source">The text of the file, for code frames; <see langword="null"/> without a region.</param>
/// <param name="AdditionalRegions">The other half of the race (the descriptor's additional locations).</param>
/// <param name="Descriptor">The rule's descriptor.</param>
internal sealed record Finding(
    string Id,
    DiagnosticSeverity Severity,
    string Message,
    SourceRegion? Region,
    SourceText? Source,
    IReadOnlyList<SourceRegion> AdditionalRegions,
    DiagnosticDescriptor Descriptor);
