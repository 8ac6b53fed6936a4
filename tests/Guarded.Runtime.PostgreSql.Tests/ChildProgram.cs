using System;

namespace Guarded.Runtime.PostgreSql.Tests;

/// <summary>Entry point of the test assembly; the multi-process tests start it as a child (see <see cref="MultiProcessChild"/>).</summary>
public static class ChildProgram
{
    public static int Main(string[] args) => MultiProcessChild.Run(args);
}
