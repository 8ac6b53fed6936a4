using System;
namespace Guarded.Runtime.PostgreSql.Tests;
public static class MultiProcessChild
{
    public static int Run(string[] args) => 2;
}
