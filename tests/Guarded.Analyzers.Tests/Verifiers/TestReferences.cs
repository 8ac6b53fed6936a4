using System;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Guarded.Analyzers.Tests.Verifiers;

/// <summary>The references every test compilation gets: .NET 8 reference assemblies and, where asked, Guarded.Runtime.</summary>
internal static class TestReferences
{
    /// <summary>.NET 8 reference assemblies (a patch version the package feed serves).</summary>
    public static ReferenceAssemblies Net80 { get; } = new(
        "net8.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", "8.0.28"),
        Path.Combine("ref", "net8.0"));

    /// <summary>Guarded.Runtime as built beside the tests, so rules and fixes see its types.</summary>
    public static MetadataReference GuardedRuntime { get; } =
        MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "Guarded.Runtime.dll"));
}
