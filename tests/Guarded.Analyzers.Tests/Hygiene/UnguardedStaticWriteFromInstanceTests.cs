using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Hygiene.UnguardedStaticWriteFromInstanceAnalyzer,
    Guarded.CodeFixes.Hygiene.UnguardedStaticWriteFromInstanceFixer>;

namespace Guarded.Analyzers.Tests.Hygiene;

public sealed class UnguardedStaticWriteFromInstanceTests
{
    [Fact]
    public async Task StaticCountersUpdatedByInstancesOfAConcurrentType_FixWithInterlocked()
    {
        const string source = """
            using System.Threading.Tasks;

            public sealed class Connection
            {
                private static int s_opened;
                private static long s_bytesSent;
                private readonly object _sendLock = new object();

                public Connection()
                {
                    {|#0:s_opened++|};
                }

                public Task SendAsync(byte[] payload)
                {
                    lock (_sendLock)
                    {
                        // ... write the payload
                    }

                    {|#1:s_bytesSent += payload.Length|};
                    return Task.CompletedTask;
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Connection
            {
                private static int s_opened;
                private static long s_bytesSent;
                private readonly object _sendLock = new object();

                public Connection()
                {
                    Interlocked.Increment(ref s_opened);
                }

                public Task SendAsync(byte[] payload)
                {
                    lock (_sendLock)
                    {
                        // ... write the payload
                    }

                    Interlocked.Add(ref s_bytesSent, payload.Length);
                    return Task.CompletedTask;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD403.Interlocked",
            Verify.Diagnostic("GRD403").WithLocation(0).WithArguments("s_opened", "Connection", "Connection"),
            Verify.Diagnostic("GRD403").WithLocation(1).WithArguments("s_bytesSent", "SendAsync", "Connection"));
    }

    [Fact]
    public async Task StaticListChangedByInstances_Reports_AndTheGuardFixTakesANewStaticLock()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Worker
            {
                private static readonly List<string> s_names = new List<string>();
                private int _state;

                public void Start(string name)
                {
                    Interlocked.Exchange(ref _state, 1);
                    {|#0:s_names.Add(name)|};
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Worker
            {
                private static readonly List<string> s_names = new List<string>();
                private static readonly object s_namesLock = new object();
                private int _state;

                public void Start(string name)
                {
                    Interlocked.Exchange(ref _state, 1);
                    lock (s_namesLock)
                    {
                        s_names.Add(name);
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            "GRD403.Guard",
            Verify.Diagnostic("GRD403").WithLocation(0).WithArguments("s_names", "Start", "Worker"));
    }

    [Fact]
    public async Task DecimalTotal_NoInterlockedOverload_OnlyTheGuardFixIsOffered()
    {
        const string source = """
            using System.Threading;

            public sealed class Till
            {
                private static decimal s_total;
                private int _sales;

                public void Sell(decimal amount)
                {
                    Interlocked.Increment(ref _sales);
                    {|#0:s_total = s_total + amount|};
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public sealed class Till
            {
                private static decimal s_total;
                private static readonly object s_totalLock = new object();
                private int _sales;

                public void Sell(decimal amount)
                {
                    Interlocked.Increment(ref _sales);
                    lock (s_totalLock)
                    {
                        s_total = s_total + amount;
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD403").WithLocation(0).WithArguments("s_total", "Sell", "Till"));
    }

    [Fact]
    public async Task QuietWhereNoUpdateCanBeLost()
    {
        const string source = """
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Threading;
            using Guarded;

            public sealed class Session
            {
                private static readonly object s_gate = new object();
                private static readonly ConcurrentDictionary<string, int> s_live = new ConcurrentDictionary<string, int>();
                private static int s_total;
                private static int s_guarded;
                private static Session s_last;
                private static string s_banner;
                [BenignRace("a statistic; an occasional lost increment is fine")]
                private static int s_approximate;
                private readonly object _gate = new object();

                public void Open(string id)
                {
                    lock (_gate) { }
                    s_live[id] = 1;                          // a thread-safe collection
                    Interlocked.Increment(ref s_total);      // atomic
                    s_last = this;                           // a plain store loses nothing
                    s_banner ??= "welcome";                  // lazy initialization is GRD103's
                    s_approximate++;                         // declared benign
                    lock (s_gate) { s_guarded++; }           // guarded
                }

                public static void Reset()
                {
                    s_total = 0;
                    s_guarded--;                             // static members are out of scope
                }
            }

            public sealed class Builder
            {
                private static int s_built;

                public void Build() => s_built++;           // no concurrency intent: instances are not shared
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
