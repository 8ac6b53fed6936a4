using System.Threading.Tasks;
using Verify = Guarded.Analyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    Guarded.Analyzers.Atomicity.CheckThenActOnConcurrentCollectionAnalyzer,
    Guarded.CodeFixes.Atomicity.CheckThenActOnConcurrentCollectionFixer>;

namespace Guarded.Analyzers.Tests.Atomicity;

public sealed class CheckThenActOnConcurrentCollectionTests
{
    [Fact]
    public async Task ContainsKeyThenIndexerSet_FixUsesTryAdd()
    {
        const string source = """
            using System.Collections.Concurrent;

            public sealed class Presence
            {
                private readonly ConcurrentDictionary<string, long> _firstSeen = new ConcurrentDictionary<string, long>();

                public void Seen(string user, long now)
                {
                    // Remember only the first visit.
                    if (!{|#0:_firstSeen.ContainsKey(user)|})
                    {
                        {|#1:_firstSeen[user]|} = now;
                    }
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Concurrent;

            public sealed class Presence
            {
                private readonly ConcurrentDictionary<string, long> _firstSeen = new ConcurrentDictionary<string, long>();

                public void Seen(string user, long now)
                {
                    // Remember only the first visit.
                    _firstSeen.TryAdd(user, now);
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD102").WithLocation(0).WithLocation(1)
                .WithArguments("_firstSeen", "ContainsKey", "written with the indexer", "TryAdd, GetOrAdd or AddOrUpdate"));
    }

    [Fact]
    public async Task ContainsKeyThenIndexerRead_FixUsesTryGetValue()
    {
        const string source = """
            using System.Collections.Concurrent;

            public sealed class Answers
            {
                private readonly ConcurrentDictionary<string, string> _answers = new ConcurrentDictionary<string, string>();

                public string? Find(string question)
                {
                    if ({|#0:_answers.ContainsKey(question)|})
                    {
                        return {|#1:_answers[question]|}.Trim();
                    }

                    return null;
                }

                public string Describe(string question) =>
                    {|#2:_answers.ContainsKey(question)|} ? {|#3:_answers[question]|} : "unknown";
            }
            """;

        const string fixedSource = """
            using System.Collections.Concurrent;

            public sealed class Answers
            {
                private readonly ConcurrentDictionary<string, string> _answers = new ConcurrentDictionary<string, string>();

                public string? Find(string question)
                {
                    if (_answers.TryGetValue(question, out var value))
                    {
                        return value.Trim();
                    }

                    return null;
                }

                public string Describe(string question) =>
                    _answers.TryGetValue(question, out var value) ? value : "unknown";
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD102").WithLocation(0).WithLocation(1).WithArguments("_answers", "ContainsKey", "read with the indexer", "TryGetValue"),
            Verify.Diagnostic("GRD102").WithLocation(2).WithLocation(3).WithArguments("_answers", "ContainsKey", "read with the indexer", "TryGetValue"));
    }

    [Fact]
    public async Task TryGetValueThenCreateAndStore_FixUsesGetOrAdd()
    {
        const string source = """
            using System.Collections.Concurrent;

            public sealed class Sessions
            {
                private readonly ConcurrentDictionary<string, object> _sessions = new ConcurrentDictionary<string, object>();

                public object Get(string id)
                {
                    if (!{|#0:_sessions.TryGetValue(id, out var session)|})
                    {
                        session = new object();
                        {|#1:_sessions[id]|} = session;
                    }

                    return session;
                }
            }
            """;

        const string fixedSource = """
            using System.Collections.Concurrent;

            public sealed class Sessions
            {
                private readonly ConcurrentDictionary<string, object> _sessions = new ConcurrentDictionary<string, object>();

                public object Get(string id)
                {
                    var session = _sessions.GetOrAdd(id, _ => new object());

                    return session;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD102").WithLocation(0).WithLocation(1).WithArguments("_sessions", "TryGetValue", "written with the indexer", "GetOrAdd"));
    }

    [Theory]
    [InlineData("string", "string", "Load(id)", "key => Load(key)")]
    [InlineData("string", "string", "Load(id) + key", "key2 => Load(key2) + key")]
    [InlineData("string", "string", "new object()", "_ => new object()")]
    [InlineData("long", "int", "Load(id)", "_ => Load(id)")]
    public async Task TryGetValueThenCreateAndStore_FactoryReadsItsParameterNotTheCapturedKey(string keyType, string idType, string creation, string factory)
    {
        string Source(string body) => $$"""
            using System.Collections.Concurrent;

            public sealed class Sessions
            {
                private static readonly string key = "prefix";
                private readonly ConcurrentDictionary<{{keyType}}, object> _sessions = new ConcurrentDictionary<{{keyType}}, object>();

                public object Get({{idType}} id)
                {
            {{body}}
                    return session;
                }

                private static object Load(long id) => id;

                private static object Load(string id) => id;
            }
            """;

        var source = Source($$"""
                    if (!{|#0:_sessions.TryGetValue(id, out var session)|})
                    {
                        session = {{creation}};
                        {|#1:_sessions[id]|} = session;
                    }

            """);
        var fixedSource = Source($$"""
                    var session = _sessions.GetOrAdd(id, {{factory}});

            """);

        await Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            Verify.Diagnostic("GRD102").WithLocation(0).WithLocation(1).WithArguments("_sessions", "TryGetValue", "written with the indexer", "GetOrAdd"));
    }

    [Fact]
    public async Task TryRemoveWithDroppedResultAfterTryGetValue_ReportsWithoutAFix()
    {
        var source = """
            using System;
            using System.Collections.Concurrent;

            public sealed class Entry
            {
                public DateTime Expires { get; set; }

                public string Value { get; set; } = string.Empty;
            }

            public sealed class Sample
            {
                private readonly ConcurrentDictionary<string, Entry> _entries = new ConcurrentDictionary<string, Entry>();

                public string? Get(string key)
                {
                    if ({|#0:_entries.TryGetValue(key, out var entry)|} && entry.Expires < DateTime.UtcNow)
                    {
                        {|#1:_entries.TryRemove(key, out entry)|};
                        Console.WriteLine(entry.Value);
                        return null;
                    }

                    return entry?.Value;
                }
            }
            """;

        await Verify.VerifyCodeFixAsync(
            source,
            source,
            Verify.Diagnostic("GRD102").WithLocation(0).WithLocation(1).WithArguments("_entries", "TryGetValue", "changed with TryRemove", "TryRemove(KeyValuePair) with the value you checked, and its result"));
    }

    [Fact]
    public async Task DelegateHandedInByTheCaller_IsARegistrationNotAMemo()
    {
        var source = """
            using System;
            using System.Collections.Concurrent;

            public sealed class Sample
            {
                private readonly ConcurrentDictionary<string, Action> _handlers = new ConcurrentDictionary<string, Action>();

                public Action Register(string name, Action handler)
                {
                    if (!{|#0:_handlers.TryGetValue(name, out var registered)|})
                    {
                        registered = handler;
                        {|#1:_handlers[name]|} = registered;
                    }

                    return registered;
                }
            }
            """;

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic("GRD102").WithLocation(0).WithLocation(1).WithArguments("_handlers", "TryGetValue", "written with the indexer", "GetOrAdd"));
    }

    [Theory]
    [InlineData("AtomicApis", """
        public object Get(string id) => _map.GetOrAdd(id, _ => new object());

        public bool Add(string id) => _map.TryAdd(id, new object());
        """)]
    [InlineData("UnderOneLock", """
        private readonly object _gate = new object();

        public void Put(string id)
        {
            lock (_gate)
            {
                if (!_map.ContainsKey(id))
                {
                    _map[id] = new object();
                }
            }
        }
        """)]
    [InlineData("IndependentCalls", """
        public int Count(string id)
        {
            var known = _map.ContainsKey(id) ? 1 : 0;
            _map[id + "-seen"] = new object();
            return known;
        }
        """)]
    [InlineData("TryAddWhoseResultIsHandled", """
        public object Get(string id)
        {
            if (!_map.TryGetValue(id, out var value))
            {
                var created = new object();
                value = _map.TryAdd(id, created) ? created : _map.GetOrAdd(id, created);
            }

            return value;
        }
        """)]
    [InlineData("TryGetValueThenRead", """
        public object? Get(string id) => _map.TryGetValue(id, out var value) ? value : null;
        """)]
    [InlineData("MemoKeyedByALocal", """
        private readonly ConcurrentDictionary<string, string> _upper = new ConcurrentDictionary<string, string>();

        public string Upper(Uri address)
        {
            var host = address.Host;
            if (!_upper.TryGetValue(host, out var upper))
            {
                upper = host.ToUpperInvariant();
                _upper[host] = upper;
            }

            return upper;
        }
        """)]
    [InlineData("MemoOfAValueReadFromTheKeysSource", """
        private readonly ConcurrentDictionary<string, string> _names = new ConcurrentDictionary<string, string>();

        public string NameOf(Uri address)
        {
            var host = address.Host;
            if (!_names.TryGetValue(host, out var name))
            {
                name = address.Scheme + "://" + host;
                _names[host] = name;
            }

            return name;
        }
        """)]
    [InlineData("CompiledDelegateCache", """
        private readonly ConcurrentDictionary<Type, Func<object, string>> _formatters = new ConcurrentDictionary<Type, Func<object, string>>();

        public string Format(object value, IFormatProvider provider)
        {
            var type = value.GetType();
            if (!_formatters.TryGetValue(type, out var format))
            {
                _formatters[type] = format = Build(provider);
            }

            return format(value);
        }

        private static Func<object, string> Build(IFormatProvider provider) => v => string.Format(provider, "{0}", v);
        """)]
    [InlineData("IndexerReadOnlyInTheThrownMessage", """
        public void Register(string id, object value)
        {
            if (_map.ContainsKey(id))
            {
                throw new InvalidOperationException($"'{id}' is already registered as {_map[id]}.");
            }

            if (!_map.TryAdd(id, value))
            {
                throw new InvalidOperationException($"'{id}' was registered meanwhile.");
            }
        }
        """)]
    [InlineData("TryRemoveAsCleanupInFinally", """
        public void Complete(string id)
        {
            if (_map.TryGetValue(id, out var value))
            {
                try
                {
                    Console.WriteLine(value);
                }
                finally
                {
                    _map.TryRemove(id, out _);
                }
            }
        }
        """)]
    [InlineData("TryRemoveWhoseResultIsUsed", """
        public bool Evict(string id)
        {
            if (_map.TryGetValue(id, out var value) && value is string)
            {
                return _map.TryRemove(new System.Collections.Generic.KeyValuePair<string, object>(id, value));
            }

            return false;
        }
        """)]
    public async Task QuietCases_NoDiagnostic(string name, string members)
    {
        Assert.NotEmpty(name);
        var source = $$"""
            using System;
            using System.Collections.Concurrent;

            public sealed class Sample
            {
                private readonly ConcurrentDictionary<string, object> _map = new ConcurrentDictionary<string, object>();

            {{members}}
            }
            """;

        await Verify.VerifyAnalyzerAsync(source);
    }
}
