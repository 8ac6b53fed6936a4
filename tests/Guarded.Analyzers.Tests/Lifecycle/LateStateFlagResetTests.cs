using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Lifecycle.LateStateFlagResetAnalyzer,
    Guarded.CodeFixes.Lifecycle.LateStateFlagResetFixer>;

namespace Guarded.Analyzers.Tests.Lifecycle;

public sealed class LateStateFlagResetTests
{
    [Fact]
    public async Task ConnectedClearedInFinallyAfterTheGuard_ReportsAndMovesTheResetUpUnwrappingTheTry()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class KitchenLink
            {
                private readonly SemaphoreSlim _connectLock = new SemaphoreSlim(1, 1);
                private bool _connected;

                public async Task DisconnectAsync()
                {
                    if ({|#1:!_connected|})
                    {
                        return;
                    }

                    try
                    {
                        // Tell the display we are going away.
                        await SendGoodbyeAsync();
                    }
                    finally
                    {
                        {|#0:_connected = false|};
                    }
                }

                private Task SendGoodbyeAsync() => Task.Delay(10);
            }
            """;

        const string fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class KitchenLink
            {
                private readonly SemaphoreSlim _connectLock = new SemaphoreSlim(1, 1);
                private bool _connected;

                public async Task DisconnectAsync()
                {
                    if (!_connected)
                    {
                        return;
                    }

                    _connected = false;

                    // Tell the display we are going away.
                    await SendGoodbyeAsync();
                }

                private Task SendGoodbyeAsync() => Task.Delay(10);
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD301").WithLocation(0).WithLocation(1)
                .WithArguments("_connected", "!_connected", "_connected = false", "in a finally block", "set it directly after the check"));
    }

    [Fact]
    public async Task FinallyWithOtherCleanup_KeepsTheOtherStatements()
    {
        const string source = """
            using System.IO;
            using System.Threading;

            public sealed class Channel
            {
                private int _closing;
                private readonly Stream _stream = Stream.Null;
                private bool _open = true;

                public void Close()
                {
                    Interlocked.Increment(ref _closing);
                    if ({|#1:!_open|})
                    {
                        return;
                    }

                    try
                    {
                        _stream.Flush();
                    }
                    finally
                    {
                        {|#0:_open = false|};
                        _stream.Dispose();
                    }
                }

                public bool IsOpen() => _open;
            }
            """;

        const string fixedSource = """
            using System.IO;
            using System.Threading;

            public sealed class Channel
            {
                private int _closing;
                private readonly Stream _stream = Stream.Null;
                private bool _open = true;

                public void Close()
                {
                    Interlocked.Increment(ref _closing);
                    if (!_open)
                    {
                        return;
                    }

                    _open = false;

                    try
                    {
                        _stream.Flush();
                    }
                    finally
                    {
                        _stream.Dispose();
                    }
                }

                public bool IsOpen() => _open;
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD301").WithLocation(0).WithLocation(1)
                .WithArguments("_open", "!_open", "_open = false", "in a finally block", "set it directly after the check"));
    }

    [Fact]
    public async Task LoadedSetAfterAnAwait_ReportsAndMovesItUp()
    {
        const string source = """
            using System.Threading.Tasks;

            public sealed class MenuLoader
            {
                private bool _loaded;

                public async Task EnsureLoadedAsync()
                {
                    if ({|#1:_loaded|})
                    {
                        return;
                    }

                    await Task.Run(() => { });
                    {|#0:_loaded = true|};
                }
            }
            """;

        const string fixedSource = """
            using System.Threading.Tasks;

            public sealed class MenuLoader
            {
                private bool _loaded;

                public async Task EnsureLoadedAsync()
                {
                    if (_loaded)
                    {
                        return;
                    }

                    _loaded = true;

                    await Task.Run(() => { });
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD301").WithLocation(0).WithLocation(1)
                .WithArguments("_loaded", "_loaded", "_loaded = true", "after an await", "set it directly after the check"));
    }

    [Fact]
    public async Task EnumStateInAWrappingGuardInsideALock_ReportsNamesTheLockAndMovesIntoTheBody()
    {
        const string source = """
            public enum PumpState { Idle, Running, Stopped }

            public sealed class Pump
            {
                private readonly object _gate = new object();
                private PumpState _state = PumpState.Running;

                public void Stop()
                {
                    lock (_gate)
                    {
                        if ({|#1:_state == PumpState.Running|})
                        {
                            try
                            {
                                Drain();
                            }
                            finally
                            {
                                Release();
                            }
                        }
                    }

                    Finish();
                }

                private void Drain() { }

                private void Release() { }

                private void Finish() { }
            }
            """;

        // The lock covers the whole sequence here, so nothing is reported; the same code without the lock is below.
        await Verify.VerifyAnalyzerAsync(source);

        const string unlocked = """
            using System.Threading;

            public enum PumpState { Idle, Running, Stopped }

            public sealed class Pump
            {
                private PumpState _state = PumpState.Running;
                private int _stops;

                public void Stop()
                {
                    Interlocked.Increment(ref _stops);
                    if ({|#1:_state == PumpState.Running|})
                    {
                        try
                        {
                            Drain();
                        }
                        finally
                        {
                            {|#0:_state = PumpState.Stopped|};
                        }
                    }
                }

                private void Drain() { }
            }
            """;

        const string fixedSource = """
            using System.Threading;

            public enum PumpState { Idle, Running, Stopped }

            public sealed class Pump
            {
                private PumpState _state = PumpState.Running;
                private int _stops;

                public void Stop()
                {
                    Interlocked.Increment(ref _stops);
                    if (_state == PumpState.Running)
                    {
                        _state = PumpState.Stopped;
                        Drain();
                    }
                }

                private void Drain() { }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            unlocked,
            fixedSource,
            Verify.Diagnostic("GRD301").WithLocation(0).WithLocation(1)
                .WithArguments("_state", "_state == PumpState.Running", "_state = PumpState.Stopped", "in a finally block", "set it directly after the check"));
    }

    [Fact]
    public async Task CheckInsideALockAndResetAfterIt_NamesTheLock()
    {
        const string source = """
            using System.Threading.Tasks;

            public sealed class Shift
            {
                private readonly object _gate = new object();
                private bool _open = true;

                public async Task CloseAsync()
                {
                    lock (_gate)
                    {
                        if ({|#1:!_open|})
                        {
                            return;
                        }
                    }

                    await Task.Delay(10);
                    lock (_gate)
                    {
                        {|#0:_open = false|};
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Threading.Tasks;

            public sealed class Shift
            {
                private readonly object _gate = new object();
                private bool _open = true;

                public async Task CloseAsync()
                {
                    lock (_gate)
                    {
                        if (!_open)
                        {
                            return;
                        }

                        _open = false;
                    }

                    await Task.Delay(10);
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD301").WithLocation(0).WithLocation(1)
                .WithArguments("_open", "!_open", "_open = false", "after an await", "set it directly after the check inside lock (_gate)"));
    }

    [Fact]
    public async Task TwoFlagsInOneFinally_OneFixClosesTheGuard_FixAllMovesBothInSourceOrder()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Session
            {
                private readonly SemaphoreSlim _io = new SemaphoreSlim(1, 1);
                private bool _connected = true;
                private bool _registered = true;

                public async Task EndAsync()
                {
                    if ({|#1:{|#3:!_connected || !_registered|}|})
                    {
                        return;
                    }

                    try
                    {
                        await Task.Delay(10);
                    }
                    finally
                    {
                        {|#0:_connected = false|};
                        {|#2:_registered = false|};
                    }
                }
            }
            """;

        // Once '_connected' is cleared right after the check, the guard closes at once and '_registered' is fine too.
        const string fixedOnce = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Session
            {
                private readonly SemaphoreSlim _io = new SemaphoreSlim(1, 1);
                private bool _connected = true;
                private bool _registered = true;

                public async Task EndAsync()
                {
                    if (!_connected || !_registered)
                    {
                        return;
                    }

                    _connected = false;

                    try
                    {
                        await Task.Delay(10);
                    }
                    finally
                    {
                        _registered = false;
                    }
                }
            }
            """;

        const string fixedAll = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Session
            {
                private readonly SemaphoreSlim _io = new SemaphoreSlim(1, 1);
                private bool _connected = true;
                private bool _registered = true;

                public async Task EndAsync()
                {
                    if (!_connected || !_registered)
                    {
                        return;
                    }

                    _connected = false;
                    _registered = false;

                    await Task.Delay(10);
                }
            }
            """;

        var test = new Verify.Test { TestCode = source, FixedCode = fixedOnce, BatchFixedCode = fixedAll };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD301").WithLocation(0).WithLocation(1)
            .WithArguments("_connected", "!_connected || !_registered", "_connected = false", "in a finally block", "set it directly after the check"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("GRD301").WithLocation(2).WithLocation(3)
            .WithArguments("_registered", "!_connected || !_registered", "_registered = false", "in a finally block", "set it directly after the check"));
        await test.RunAsync();
    }

    [Fact]
    public async Task FixAll_TwoMethods_ConvergeInOnePass()
    {
        const string source = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Till
            {
                private readonly SemaphoreSlim _io = new SemaphoreSlim(1, 1);
                private bool _open = true;
                private bool _printing;

                public async Task CloseAsync()
                {
                    if ({|#1:!_open|})
                    {
                        return;
                    }

                    await Task.Delay(10);
                    {|#0:_open = false|};
                }

                public async Task PrintAsync()
                {
                    if ({|#3:_printing|})
                    {
                        return;
                    }

                    try
                    {
                        await Task.Delay(10);
                    }
                    finally
                    {
                        {|#2:_printing = true|};
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Till
            {
                private readonly SemaphoreSlim _io = new SemaphoreSlim(1, 1);
                private bool _open = true;
                private bool _printing;

                public async Task CloseAsync()
                {
                    if (!_open)
                    {
                        return;
                    }

                    _open = false;

                    await Task.Delay(10);
                }

                public async Task PrintAsync()
                {
                    if (_printing)
                    {
                        return;
                    }

                    _printing = true;

                    await Task.Delay(10);
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD301").WithLocation(0).WithLocation(1).WithArguments("_open", "!_open", "_open = false", "after an await", "set it directly after the check"),
            Verify.Diagnostic("GRD301").WithLocation(2).WithLocation(3).WithArguments("_printing", "_printing", "_printing = true", "in a finally block", "set it directly after the check"));
    }

    [Theory]
    [InlineData("InProgressAndCompleteFlags", """
        private bool _disconnecting;

        public async Task DisconnectAsync()
        {
            if (!_connected || _disconnecting)
            {
                return;
            }

            _disconnecting = true;
            try
            {
                await Task.Delay(10);
            }
            finally
            {
                _connected = false;
                _disconnecting = false;
            }
        }
        """)]
    [InlineData("FlagSetDirectlyAfterTheCheck", """
        public async Task DisconnectAsync()
        {
            if (!_connected)
            {
                return;
            }

            _connected = false;
            await Task.Delay(10);
        }
        """)]
    [InlineData("CheckAndLateSetUnderOneSemaphoreRegion", """
        public async Task ConnectAsync()
        {
            await _connectLock.WaitAsync();
            try
            {
                if (_connected)
                {
                    return;
                }

                await Task.Delay(10);
                _connected = true;
            }
            finally
            {
                _connectLock.Release();
            }
        }
        """)]
    [InlineData("ResetInTheFinallyThatReleasesTheSemaphoreHeldAtTheCheck", """
        public async Task DisconnectAsync()
        {
            await _connectLock.WaitAsync();
            try
            {
                if (!_connected)
                {
                    return;
                }

                await Task.Delay(10);
            }
            finally
            {
                _connected = false;
                _connectLock.Release();
            }
        }
        """)]
    [InlineData("LocalFlag", """
        public async Task RunAsync()
        {
            bool connected = _connected;
            if (!connected)
            {
                return;
            }

            try
            {
                await Task.Delay(10);
            }
            finally
            {
                connected = false;
            }
        }
        """)]
    [InlineData("LateWriteReopensTheGuard", """
        private bool _paused;

        public async Task ResumeAsync()
        {
            if (_paused)
            {
                return;
            }

            try
            {
                await Task.Delay(10);
            }
            finally
            {
                _paused = false;
            }
        }
        """)]
    [InlineData("NoWriteAfterTheGuard", """
        public async Task PingAsync()
        {
            if (!_connected)
            {
                return;
            }

            await Task.Delay(10);
        }
        """)]
    [InlineData("ResetInsideALambda", """
        public void Disconnect()
        {
            if (!_connected)
            {
                return;
            }

            Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(10);
                }
                finally
                {
                    _connected = false;
                }
            });
        }
        """)]
    [InlineData("BenignRaceOnTheMember", """
        [BenignRace("Goodbye twice is harmless for this display.")]
        public async Task DisconnectAsync()
        {
            if (!_connected)
            {
                return;
            }

            try
            {
                await Task.Delay(10);
            }
            finally
            {
                _connected = false;
            }
        }
        """)]
    public async Task CorrectPatterns_NoDiagnostic(string name, string members)
    {
        _ = name;
        var source = $$"""
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class BenignRaceAttribute : System.Attribute
            {
                public BenignRaceAttribute(string why) { }
            }

            public sealed class Link
            {
                private readonly SemaphoreSlim _connectLock = new SemaphoreSlim(1, 1);
                private bool _connected;

            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task InstalledSetAfterTheWorkItGuards_ReportsAndMovesItUp()
    {
        const string source = """
            using System.Collections.Concurrent;

            public static class AuditPlugin
            {
                private static readonly ConcurrentQueue<object> s_hooks = new ConcurrentQueue<object>();
                private static bool s_installed;

                public static void Install()
                {
                    if ({|#1:!s_installed|})
                    {
                        s_hooks.Enqueue(new object());
                        {|#0:s_installed = true|};
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Concurrent;

            public static class AuditPlugin
            {
                private static readonly ConcurrentQueue<object> s_hooks = new ConcurrentQueue<object>();
                private static bool s_installed;

                public static void Install()
                {
                    if (!s_installed)
                    {
                        s_installed = true;
                        s_hooks.Enqueue(new object());
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD301").WithLocation(0).WithLocation(1)
                .WithArguments("s_installed", "!s_installed", "s_installed = true", "after the work it guards", "set it directly after the check"));
    }

    [Fact]
    public async Task FirstStartClearedAfterTheWrappedWork_ReportsAndMovesItIntoTheGuard()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Shift
            {
                private readonly List<Thread> _workers = new List<Thread>();
                private bool _firstStart = true;

                public void Start()
                {
                    if ({|#1:_firstStart|})
                    {
                        StartWorkers();
                    }

                    System.Console.WriteLine("queues open");
                    {|#0:_firstStart = false|};
                }

                private void StartWorkers()
                {
                    foreach (var worker in _workers)
                    {
                        worker.Start();
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Shift
            {
                private readonly List<Thread> _workers = new List<Thread>();
                private bool _firstStart = true;

                public void Start()
                {
                    if (_firstStart)
                    {
                        _firstStart = false;
                        StartWorkers();
                    }

                    System.Console.WriteLine("queues open");
                }

                private void StartWorkers()
                {
                    foreach (var worker in _workers)
                    {
                        worker.Start();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD301").WithLocation(0).WithLocation(1)
                .WithArguments("_firstStart", "_firstStart", "_firstStart = false", "after the work it guards", "set it directly after the check"));
    }

    [Fact]
    public async Task ReadyFlagSetAfterBuildingState_ReportsTheLockAndOffersNoMove()
    {
        // Moving the flag up would let a second caller through to ReadName before it is built.
        const string source = """
            using System;

            public static class Bindings
            {
                private static bool s_ready;

                public static Func<object, string>? ReadName { get; private set; }

                public static void EnsureReady()
                {
                    if ({|#1:s_ready|})
                    {
                        return;
                    }

                    ReadName = Build();
                    {|#0:s_ready = true|};
                }

                private static Func<object, string> Build() => value => value.ToString() ?? string.Empty;
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD301").WithLocation(0).WithLocation(1)
                .WithArguments("s_ready", "s_ready", "s_ready = true", "after the work it guards", "make the check, the work and the set one step: run them under a lock and test the flag again inside it"));
    }

    [Theory]
    [InlineData("OnlyLoggingBeforeTheSet", """
        public static void Install()
        {
            if (s_installed)
            {
                return;
            }

            System.Diagnostics.Trace.WriteLine("installing");
            s_installed = true;
            Register();
        }
        """)]
    [InlineData("CheckWorkAndSetUnderOneLock", """
        private static readonly object s_gate = new object();

        public static void Install()
        {
            lock (s_gate)
            {
                if (s_installed)
                {
                    return;
                }

                Register();
                s_installed = true;
            }
        }
        """)]
    [InlineData("FlagWrittenUnderALockElsewhere", """
        private static readonly object s_gate = new object();

        public static void Reset()
        {
            lock (s_gate)
            {
                s_installed = false;
            }
        }

        public static void Install()
        {
            if (s_installed)
            {
                return;
            }

            Register();
            s_installed = true;
        }
        """)]
    [InlineData("WarnOnceThroughAnOwnWarnMethod", """
        public static void Install()
        {
            if (!s_installed)
            {
                Warn("installed twice");
                s_installed = true;
            }
        }

        private static void Warn(string message) => System.Console.Error.WriteLine(message);
        """)]
    [InlineData("ProbeThatRecordsItsFailureInACatch", """
        public static bool Probe()
        {
            if (s_installed)
            {
                return false;
            }

            try
            {
                Register();
                return true;
            }
            catch (System.PlatformNotSupportedException)
            {
                s_installed = true;
                return false;
            }
        }
        """)]
    [InlineData("ComputedValueCachedAfterTheWork", """
        private static int s_version;

        public static int Version()
        {
            if (s_version == 0)
            {
                Register();
                s_version = System.Environment.ProcessorCount;
            }

            return s_version;
        }
        """)]
    [InlineData("TrailingWriteThatKeepsTheGuardOpen", """
        public static void Install()
        {
            if (s_installed)
            {
                Register();
            }

            s_installed = true;
        }
        """)]
    public async Task SynchronousSetsLeftAlone_NoDiagnostic(string name, string members)
    {
        _ = name;
        var source = $$"""
            public static class Plugin
            {
                private static bool s_installed;

                private static void Register()
                {
                }

            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task TypeWithoutConcurrencyIntent_NoDiagnostic()
    {
        const string source = """
            public sealed class Wizard
            {
                private bool _open = true;

                public void Close()
                {
                    if (!_open)
                    {
                        return;
                    }

                    try
                    {
                        System.Console.WriteLine("bye");
                    }
                    finally
                    {
                        _open = false;
                    }
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
