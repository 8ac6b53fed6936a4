// case: a Hashtable read without the lock its writers take: Hashtable supports many readers beside one writer
// quiet
using System;
using System.Collections;

public static class StubCache
{
    private static readonly object s_gate = new object();
    private static readonly Hashtable s_byType = new Hashtable();

    public static object? Get(Type type) => s_byType[type] ?? Create(type);

    private static object Create(Type type)
    {
        lock (s_gate)
        {
            var stub = s_byType[type] ?? new object();
            s_byType[type] = stub;
            return stub;
        }
    }
}
