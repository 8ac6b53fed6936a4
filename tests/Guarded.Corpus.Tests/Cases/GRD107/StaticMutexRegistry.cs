// case: static registry of named mutexes dropped on release
using System.Collections.Generic;
using System.Threading;

public static class NamedMutexes
{
    private static readonly object s_gate = new object();
    private static readonly Dictionary<string, Mutex> s_mutexes = new Dictionary<string, Mutex>();

    public static Mutex Get(string name)
    {
        lock (s_gate)
        {
            if (!s_mutexes.TryGetValue(name, out var mutex))
            {
                mutex = new Mutex();
                s_mutexes[name] = mutex;
            }

            return mutex;
        }
    }

    public static void Drop(string name)
    {
        lock (s_gate)
        {
            s_mutexes.Remove(name); // expect: GRD107
        }
    }
}
