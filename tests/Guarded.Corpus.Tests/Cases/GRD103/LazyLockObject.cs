// case: journal locks on a lazily created static gate
using System.Collections.Generic;

public static class Journal
{
    private static object? s_gate;
    private static readonly List<string> s_lines = new List<string>();

    public static void Append(string line)
    {
        lock (s_gate ??= new object()) // expect: GRD103, GRD401
        {
            s_lines.Add(line);
        }
    }
}
