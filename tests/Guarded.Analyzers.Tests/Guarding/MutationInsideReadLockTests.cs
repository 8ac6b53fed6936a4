using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Guarding.MutationInsideReadLockAnalyzer,
    Guarded.CodeFixes.Guarding.MutationInsideReadLockFixer>;

namespace Guarded.Analyzers.Tests.Guarding;

public sealed class MutationInsideReadLockTests
{
    [Fact]
    public async Task CacheFilledInsideTheReadLock_ReportsEachWrite_FixAllUpgradesTheSectionOnce()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Prices
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();
                private int _misses;

                public decimal Get(string item)
                {
                    _lock.EnterReadLock();
                    {|#2:try
                    {
                        if (!_prices.TryGetValue(item, out var price))
                        {
                            price = 1m;
                            {|#0:_prices|}[item] = price;
                            {|#1:_misses|}++;
                        }

                        return price;
                    }
                    finally
                    {
                        _lock.ExitReadLock();
                    }|}
                }

                public void Set(string item, decimal price)
                {
                    _lock.EnterWriteLock();
                    try
                    {
                        _prices[item] = price;
                    }
                    finally
                    {
                        _lock.ExitWriteLock();
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Prices
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly Dictionary<string, decimal> _prices = new Dictionary<string, decimal>();
                private int _misses;

                public decimal Get(string item)
                {
                    _lock.EnterWriteLock();
                    try
                    {
                        if (!_prices.TryGetValue(item, out var price))
                        {
                            price = 1m;
                            _prices[item] = price;
                            _misses++;
                        }

                        return price;
                    }
                    finally
                    {
                        _lock.ExitWriteLock();
                    }
                }

                public void Set(string item, decimal price)
                {
                    _lock.EnterWriteLock();
                    try
                    {
                        _prices[item] = price;
                    }
                    finally
                    {
                        _lock.ExitWriteLock();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD205").WithLocation(0).WithLocation(2).WithArguments("_prices", "_lock"),
            Verify.Diagnostic("GRD205").WithLocation(1).WithLocation(2).WithArguments("_misses", "_lock"));
    }

    [Fact]
    public async Task TryEnterReadLock_IsUpgradedToTryEnterWriteLock()
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;

            public static class Registry
            {
                private static readonly ReaderWriterLockSlim s_lock = new ReaderWriterLockSlim();
                private static readonly List<string> s_names = new List<string>();

                public static bool TryRegister(string name)
                {
                    if (!s_lock.TryEnterReadLock(100))
                    {
                        return false;
                    }

                    {|#1:try
                    {
                        {|#0:s_names|}.Add(name);
                        return true;
                    }
                    finally
                    {
                        s_lock.ExitReadLock();
                    }|}
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Generic;
            using System.Threading;

            public static class Registry
            {
                private static readonly ReaderWriterLockSlim s_lock = new ReaderWriterLockSlim();
                private static readonly List<string> s_names = new List<string>();

                public static bool TryRegister(string name)
                {
                    if (!s_lock.TryEnterWriteLock(100))
                    {
                        return false;
                    }

                    try
                    {
                        s_names.Add(name);
                        return true;
                    }
                    finally
                    {
                        s_lock.ExitWriteLock();
                    }
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD205").WithLocation(0).WithLocation(1).WithArguments("s_names", "s_lock"));
    }

    [Theory]
    [InlineData("ReadsOnlyInTheReadSection", """
        private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

        public int Get(string key) { _lock.EnterReadLock(); try { return _map.TryGetValue(key, out var v) ? v : 0; } finally { _lock.ExitReadLock(); } }
        """)]
    [InlineData("WritesInTheWriteSection", """
        private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

        public void Set(string key) { _lock.EnterWriteLock(); try { _map[key] = 1; } finally { _lock.ExitWriteLock(); } }
        """)]
    [InlineData("InterlockedCounterInTheReadSection", """
        private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();
        private int _reads;

        public int Get(string key) { _lock.EnterReadLock(); try { Interlocked.Increment(ref _reads); return _map[key]; } finally { _lock.ExitReadLock(); } }
        """)]
    [InlineData("WriteUnderASecondLockInsideTheReadSection", """
        private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
        private readonly object _statsGate = new object();
        private int _reads;

        public void Touch() { _lock.EnterReadLock(); try { lock (_statsGate) { _reads++; } } finally { _lock.ExitReadLock(); } }
        """)]
    [InlineData("LocalCollectionInTheReadSection", """
        private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

        public List<string> Keys() { _lock.EnterReadLock(); try { var keys = new List<string>(); foreach (var k in _map.Keys) { keys.Add(k); } return keys; } finally { _lock.ExitReadLock(); } }
        """)]
    [InlineData("UpgradeableSectionUpgradedForTheWrite", """
        private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
        private readonly Dictionary<string, int> _map = new Dictionary<string, int>();

        public void Ensure(string key)
        {
            _lock.EnterUpgradeableReadLock();
            try
            {
                if (!_map.ContainsKey(key))
                {
                    _lock.EnterWriteLock();
                    try { _map[key] = 1; } finally { _lock.ExitWriteLock(); }
                }
            }
            finally { _lock.ExitUpgradeableReadLock(); }
        }
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System.Collections.Generic;
            using System.Threading;

            public sealed class Sample
            {
            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
