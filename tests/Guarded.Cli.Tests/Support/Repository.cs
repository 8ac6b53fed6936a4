using System.Reflection;

namespace Guarded.Cli.Tests.Support;

internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string CafeSample => Path.Combine(Root, "samples", "Cafe");

    private static string FindRoot()
    {
        string? root = typeof(Repository).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (string.IsNullOrEmpty(root) || !File.Exists(Path.Combine(root, "Guarded.sln")))
        {
            throw new InvalidOperationException($"The RepositoryRoot assembly metadata ('{root}') does not point at the repository.");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }
}
