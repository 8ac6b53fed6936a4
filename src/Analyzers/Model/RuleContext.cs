using System;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Guarded.Analyzers.Model;

/// <summary>What a rule needs from the analyzer driver while it judges code: a way to report, and cancellation.</summary>
internal readonly struct RuleContext
{
    private readonly Action<Diagnostic> _report;

    public RuleContext(Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        _report = report;
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    public void ReportDiagnostic(Diagnostic diagnostic) => _report(diagnostic);
}
