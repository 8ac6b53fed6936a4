// case: a static initialize-once method builds shared delegates and sets its ready flag last: concurrent first callers build them twice
using System;
using System.Reflection;

public static class ModuleBindings
{
    private static bool s_ready;

    public static Func<object, object>? ReadName { get; private set; }

    public static Func<object, object>? ReadTag { get; private set; }

    public static void EnsureReady(Assembly module)
    {
        if (!s_ready)
        {
            var type = module.GetType("Module.Binding") ?? typeof(object);
            ReadName = Bind(type, "Name");
            ReadTag = Bind(type, "Tag");
            s_ready = true; // expect: GRD301
        }
    }

    private static Func<object, object> Bind(Type type, string member) => value => type.GetProperty(member)?.GetValue(value) ?? member;
}
