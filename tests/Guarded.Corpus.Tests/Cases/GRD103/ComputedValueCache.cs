// case: lazily computed values that any thread computes identically (a name, a MethodInfo, a compiled delegate)
// quiet
using System;
using System.Reflection;
using System.Threading;

public static class Conventions
{
    private static string? s_prefix;
    private static MethodInfo? s_trim;
    private static Func<string, string>? s_normalize;
    private static int s_calls;

    public static string Prefix => s_prefix ??= Environment.MachineName.ToLowerInvariant() + "-";

    public static MethodInfo Trim => s_trim ??= typeof(string).GetMethod(nameof(string.Trim), Type.EmptyTypes)!;

    public static string Normalize(string value)
    {
        Interlocked.Increment(ref s_calls);
        s_normalize ??= v => v.Trim().ToUpperInvariant();
        return s_normalize(value);
    }
}
