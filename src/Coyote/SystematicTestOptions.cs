using System;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.Coyote;

namespace Guarded.Coyote;

/// <summary>Per-test settings of <see cref="SystematicTest"/>; every property is optional.</summary>
public sealed class SystematicTestOptions
{
    /// <summary>
    /// Multiplies the configured iterations for this test (at least one iteration runs). The configured number comes
    /// from <c>GUARDED_COYOTE_ITERATIONS</c>, else the test project's <c>CoyoteIterations</c> property, else 100.
    /// </summary>
    public double IterationScale { get; set; } = 1;

    /// <summary>
    /// Also let Coyote interleave at reads and writes of mutable fields, not only at tasks, awaits and locks: needed
    /// to expose a check-then-act on a field (<c>if (_balance &gt;= price) _balance -= price;</c>) in code with no
    /// synchronization at all. Default: off.
    /// </summary>
    public bool InterleaveFieldAccesses { get; set; }

    /// <summary>
    /// Assemblies that must have been rewritten besides the test's own and those the build declared (the test
    /// project's references listed by <c>Guarded.Coyote.targets</c>).
    /// </summary>
    public IReadOnlyList<Assembly> RewrittenAssemblies { get; set; } = Array.Empty<Assembly>();

    /// <summary>Last word on Coyote's <see cref="Configuration"/> (runs after every other setting).</summary>
    public Func<Configuration, Configuration>? Configure { get; set; }

    /// <summary>Folder for bug reports; default <c>GUARDED_COYOTE_REPORTS</c>, else <c>TestResults/coyote</c> under the test output.</summary>
    public string? ReportDirectory { get; set; }
}
