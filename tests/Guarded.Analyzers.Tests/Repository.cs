using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Guarded.Analyzers.Tests;

/// <summary>Where the repository's files are, as recorded at build time.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string PathOf(params string[] parts) => Path.Combine(new[] { Root }.Concat(parts).ToArray());
}
