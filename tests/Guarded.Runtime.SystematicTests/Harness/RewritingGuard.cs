using System.Reflection;
using Microsoft.Coyote.Rewriting;
using Xunit.Sdk;

namespace Guarded.Runtime.SystematicTests.Harness;

/// <summary>
/// Coyote controls scheduling only inside rewritten assemblies; an unrewritten test "passes" by exploring
/// nothing. Every exploration first checks that both this assembly and Guarded.Runtime were rewritten.
/// </summary>
internal static class RewritingGuard
{
    /// <summary>The assemblies that must carry Coyote's rewriting signature.</summary>
    public static Assembly[] RequiredAssemblies { get; } =
    {
        typeof(RewritingGuard).Assembly,
        Assembly.Load("Guarded.Runtime"),
    };

    public static void EnsureRewritten()
    {
        if (FindProblem() is { } problem)
        {
            throw new XunitException(problem);
        }
    }

    internal static string? FindProblem()
    {
        foreach (var assembly in RequiredAssemblies)
        {
            if (!RewritingEngine.IsAssemblyRewritten(assembly))
            {
                return $"{assembly.GetName().Name} ({assembly.Location}) was not rewritten by Coyote: " +
                    "build the project with build/coyote/Guarded.Coyote.targets " +
                    "imported (dotnet build / dotnet test do it) and do not pass CoyoteRewriteEnabled=false.";
            }
        }

        return null;
    }
}
