using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Hygiene.LockOnSharedIdentityAnalyzer,
    Guarded.CodeFixes.Hygiene.LockOnSharedIdentityFixer>;

namespace Guarded.Analyzers.Tests.Hygiene;

public sealed class LockOnSharedIdentityTests
{
    private const string ThisReason = "code outside this type can lock the same object: any code that holds a '{0}' can lock it";
    private const string TypeReason = "a Type is one object for the whole process: code outside this type can lock the same one";
    private const string StringReason = "strings are interned: any code that locks an equal literal shares this lock";
    private const string BoxedReason = "every boxing makes a new object, so no two threads lock the same one";
    private const string PublicReason = "it is public: code outside this type can lock the same object";

    [Fact]
    public async Task LockThisInAPublicType_ReportsEveryLockAndMovesThemAllWithTheMonitorCallsAndAnnotations()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;
            using Guarded;

            public sealed class WorkQueue
            {
                [GuardedBy("this")]
                private readonly Queue<string> _items = new Queue<string>();

                public void Post(string item)
                {
                    lock ({|#0:this|})
                    {
                        _items.Enqueue(item);
                        Monitor.Pulse(this);
                    }
                }

                public string Take()
                {
                    lock ({|#1:this|})
                    {
                        while (_items.Count == 0)
                        {
                            Monitor.Wait(this);
                        }

                        return _items.Dequeue();
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;
            using Guarded;

            public sealed class WorkQueue
            {
                [GuardedBy(nameof(_gate))]
                private readonly Queue<string> _items = new Queue<string>();
                private readonly object _gate = new();

                public void Post(string item)
                {
                    lock (_gate)
                    {
                        _items.Enqueue(item);
                        Monitor.Pulse(_gate);
                    }
                }

                public string Take()
                {
                    lock (_gate)
                    {
                        while (_items.Count == 0)
                        {
                            Monitor.Wait(_gate);
                        }

                        return _items.Dequeue();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD402").WithLocation(0).WithArguments("this", string.Format(ThisReason, "WorkQueue")),
            Verify.Diagnostic("GRD402").WithLocation(1).WithArguments("this", string.Format(ThisReason, "WorkQueue")));
    }

    [Fact]
    public async Task LockOnTypeofInStaticMembers_MovesToAStaticGateInTheTypesNamingStyle()
    {
        const string source = """
            using System;
            using System.Collections.Generic;

            public static class HandlerRegistry
            {
                private static readonly Dictionary<string, Action> s_handlers = new Dictionary<string, Action>();

                public static void Register(string name, Action handler)
                {
                    lock ({|#0:typeof(HandlerRegistry)|})
                    {
                        s_handlers[name] = handler;
                    }
                }

                public static bool TryRun(string name)
                {
                    Action? handler;
                    lock ({|#1:typeof(HandlerRegistry)|})
                    {
                        if (!s_handlers.TryGetValue(name, out handler))
                        {
                            return false;
                        }
                    }

                    handler();
                    return true;
                }
            }
            """;

        const string fixedSource = """
            using System;
            using System.Collections.Generic;

            public static class HandlerRegistry
            {
                private static readonly Dictionary<string, Action> s_handlers = new Dictionary<string, Action>();
                private static readonly object s_gate = new();

                public static void Register(string name, Action handler)
                {
                    lock (s_gate)
                    {
                        s_handlers[name] = handler;
                    }
                }

                public static bool TryRun(string name)
                {
                    Action? handler;
                    lock (s_gate)
                    {
                        if (!s_handlers.TryGetValue(name, out handler))
                        {
                            return false;
                        }
                    }

                    handler();
                    return true;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            "#nullable enable\n" + source,
            "#nullable enable\n" + fixedSource,
            Verify.Diagnostic("GRD402").WithLocation(0).WithArguments("typeof(HandlerRegistry)", TypeReason),
            Verify.Diagnostic("GRD402").WithLocation(1).WithArguments("typeof(HandlerRegistry)", TypeReason));
    }

    [Fact]
    public async Task EqualStringLiteralAndConstant_AreOneLockAndMoveTogether()
    {
        const string source = """
            public sealed class OrderNumbers
            {
                private const string SequenceLock = "order-sequence";
                private static int s_next;

                public int Next()
                {
                    lock ({|#0:SequenceLock|})
                    {
                        return ++s_next;
                    }
                }

                public void Reset()
                {
                    lock ({|#1:"order-sequence"|})
                    {
                        s_next = 0;
                    }
                }
            }
            """;

        const string fixedSource = """
            public sealed class OrderNumbers
            {
                private const string SequenceLock = "order-sequence";
                private static int s_next;
                private static readonly object s_gate = new();

                public int Next()
                {
                    lock (s_gate)
                    {
                        return ++s_next;
                    }
                }

                public void Reset()
                {
                    lock (s_gate)
                    {
                        s_next = 0;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD402").WithLocation(0).WithArguments("SequenceLock", StringReason),
            Verify.Diagnostic("GRD402").WithLocation(1).WithArguments("\"order-sequence\"", StringReason));
    }

    [Fact]
    public async Task MonitorOnABoxedCounter_MovesEnterAndExitToAGate()
    {
        const string source = """
            using System.Threading;

            public sealed class Turnstile
            {
                private int _passes;

                public void Pass()
                {
                    Monitor.Enter({|#0:_passes|});
                    try
                    {
                        _passes++;
                    }
                    finally
                    {
                        Monitor.Exit(_passes);
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public sealed class Turnstile
            {
                private int _passes;
                private readonly object _passesGate = new();

                public void Pass()
                {
                    Monitor.Enter(_passesGate);
                    try
                    {
                        _passes++;
                    }
                    finally
                    {
                        Monitor.Exit(_passesGate);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD402").WithLocation(0).WithArguments("_passes", BoxedReason));
    }

    [Fact]
    public async Task PublicLockField_MovesTheTypesLocksToAPrivateGateBesideIt()
    {
        const string source = """
            public class Thermostat
            {
                public readonly object SyncLock = new object();
                private double _target;

                public void Raise()
                {
                    lock ({|#0:SyncLock|})
                    {
                        _target += 0.5;
                    }
                }

                public void Lower()
                {
                    lock ({|#1:this.SyncLock|})
                    {
                        _target -= 0.5;
                    }
                }
            }
            """;

        const string fixedSource = """
            public class Thermostat
            {
                public readonly object SyncLock = new object();
                private readonly object _gate = new();
                private double _target;

                public void Raise()
                {
                    lock (_gate)
                    {
                        _target += 0.5;
                    }
                }

                public void Lower()
                {
                    lock (_gate)
                    {
                        _target -= 0.5;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD402").WithLocation(0).WithArguments("SyncLock", PublicReason),
            Verify.Diagnostic("GRD402").WithLocation(1).WithArguments("this.SyncLock", PublicReason));
    }

    [Fact]
    public async Task LockOnGetType_ReportsAndMovesToAStaticGate_ButAProtectedLockSharedWithDerivedClassesIsQuiet()
    {
        const string source = """
            public abstract class Repository
            {
                protected readonly object Gate = new object();
                private int _version;

                public void Bump()
                {
                    lock (Gate)
                    {
                        _version++;
                    }
                }

                public void Migrate()
                {
                    lock ({|#0:GetType()|})
                    {
                        _version = 0;
                    }
                }
            }
            """;

        const string fixedSource = """
            public abstract class Repository
            {
                protected readonly object Gate = new object();
                private int _version;
                private static readonly object _typeGate = new();

                public void Bump()
                {
                    lock (Gate)
                    {
                        _version++;
                    }
                }

                public void Migrate()
                {
                    lock (_typeGate)
                    {
                        _version = 0;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD402").WithLocation(0).WithArguments("GetType()", "reflection objects are shared by the whole process: code outside this type can lock the same one"));
    }

    [Fact]
    public async Task CSharp8_TheGateIsCreatedWithNewObject()
    {
        const string source = """
            public class Scoreboard
            {
                private int _points;

                public void Score()
                {
                    lock ({|#0:this|})
                    {
                        _points++;
                    }
                }
            }
            """;

        const string fixedSource = """
            public class Scoreboard
            {
                private int _points;
                private readonly object _gate = new object();

                public void Score()
                {
                    lock (_gate)
                    {
                        _points++;
                    }
                }
            }
            """;

        var test = new Verify.Test { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD402").WithLocation(0).WithArguments("this", string.Format(ThisReason, "Scoreboard")));
        test.SolutionTransforms.Add((solution, projectId) =>
            solution.WithProjectParseOptions(projectId, new CSharpParseOptions(LanguageVersion.CSharp8)));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ThisAndTypeofInOneType_FixAllGivesEachItsOwnGate()
    {
        const string source = """
            public sealed class Mailbox
            {
                private static int s_boxes;
                private int _letters;

                public Mailbox()
                {
                    lock ({|#0:typeof(Mailbox)|})
                    {
                        s_boxes++;
                    }
                }

                public void Deliver()
                {
                    lock ({|#1:this|})
                    {
                        _letters++;
                    }
                }
            }
            """;

        const string fixedSource = """
            public sealed class Mailbox
            {
                private static int s_boxes;
                private int _letters;
                private static readonly object s_gate = new();
                private readonly object _gate = new();

                public Mailbox()
                {
                    lock (s_gate)
                    {
                        s_boxes++;
                    }
                }

                public void Deliver()
                {
                    lock (_gate)
                    {
                        _letters++;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD402").WithLocation(0).WithArguments("typeof(Mailbox)", TypeReason),
            Verify.Diagnostic("GRD402").WithLocation(1).WithArguments("this", string.Format(ThisReason, "Mailbox")));
    }

    [Fact]
    public async Task SynchronizedMethodsAlsoLockThis_ReportsWithoutAFix()
    {
        const string source = """
            using System.Runtime.CompilerServices;

            public sealed class Counter
            {
                private int _value;

                [MethodImpl(MethodImplOptions.Synchronized)]
                public void Increment() => _value++;

                public int Read()
                {
                    lock ({|#0:this|})
                    {
                        return _value;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD402").WithLocation(0).WithArguments("this", string.Format(ThisReason, "Counter")));
    }

    [Fact]
    public async Task InstanceStringAndTypeFields_ReportWithoutAFix()
    {
        const string source = """
            using System;

            public sealed class Tenant
            {
                private readonly string _name;
                private readonly Type _kind;
                private int _hits;

                public Tenant(string name, Type kind)
                {
                    _name = name;
                    _kind = kind;
                }

                public void Hit()
                {
                    lock ({|#0:_name|}) { _hits++; }
                    lock ({|#1:_kind|}) { _hits++; }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD402").WithLocation(0).WithArguments("_name", "equal strings can be one interned object: any code that locks an equal string may share this lock"),
            Verify.Diagnostic("GRD402").WithLocation(1).WithArguments("_kind", "reflection objects are shared by the whole process: code outside this type can lock the same one"));
    }

    [Fact]
    public async Task PrivateGatesInternalTypesLocalsAndSyncRoot_NoDiagnostic()
    {
        const string source = """
            using System;
            using System.Collections;
            using System.Threading;

            internal sealed class Cache
            {
                public readonly object Gate = new object();
                private int _size;

                public void Grow()
                {
                    lock (this) { _size++; }
                    lock (Gate) { _size++; }
                }
            }

            public sealed class Outer
            {
                private readonly object _gate = new object();
                private static readonly object s_gate = new object();
                internal readonly object Shared = new object();
                private int _count;

                public object SyncRoot { get; } = new object();

                internal void Touch(object callerLock, string key, Type type, Cache cache)
                {
                    var local = new object();
                    lock (_gate) { _count++; }
                    lock (s_gate) { _count++; }
                    lock (Shared) { _count++; }
                    lock (SyncRoot) { _count++; }
                    lock (callerLock) { _count++; }
                    lock (key) { _count++; }
                    lock (type) { _count++; }
                    lock (local) { _count++; }
                    lock (cache.Gate) { _count++; }
                    Monitor.Enter(_gate);
                    try { _count++; } finally { Monitor.Exit(_gate); }
                }

                private sealed class Node
                {
                    private int _visits;

                    public void Visit()
                    {
                        lock (this) { _visits++; }
                    }
                }
            }

            public sealed class Batch : ICollection
            {
                private readonly object[] _items = new object[4];

                public int Count => _items.Length;

                public bool IsSynchronized => true;

                public object SyncRoot => this;

                public void CopyTo(Array array, int index)
                {
                    lock (this)
                    {
                        _items.CopyTo(array, index);
                    }
                }

                public IEnumerator GetEnumerator() => _items.GetEnumerator();
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
