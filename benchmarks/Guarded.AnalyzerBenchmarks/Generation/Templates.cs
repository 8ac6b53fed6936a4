using System;

namespace Guarded.AnalyzerBenchmarks.Generation;

/// <summary>
/// The types the generator draws from. Quiet templates are correct concurrent code or plain single-threaded code that
/// Guarded must not report; racy templates carry one rule's race (the shapes of the labelled corpus in
/// <c>tests/Guarded.Corpus.Tests/Cases</c>), each finding marked <c>// planted: GRDnnn</c> on the line it starts on.
/// </summary>
internal static class Templates
{
    /// <summary>Pure helper methods (parameters and locals only), mixed into every type for realistic bulk.</summary>
    public static readonly Func<Shape, int, string>[] Helpers =
    {
        (s, i) => $$"""
                private static string Describe{{i}}(int code, string? label)
                {
                    return code switch
                    {
                        < 0 => "negative",
                        0 => label ?? "none",
                        < 100 => string.Format(CultureInfo.InvariantCulture, "small {0}", code),
                        _ => label is { Length: > 0 } ? label.ToUpperInvariant() : "large",
                    };
                }
            """,
        (s, i) => $$"""
                private static decimal Total{{i}}(IReadOnlyList<decimal> amounts, decimal discount)
                {
                    decimal total = 0m;
                    for (int n = 0; n < amounts.Count; n++)
                    {
                        if (amounts[n] <= 0m)
                        {
                            continue;
                        }

                        total += amounts[n];
                    }

                    return total > discount ? total - discount : 0m;
                }
            """,
        (s, i) => $$"""
                private static Dictionary<string, int> CountWords{{i}}(IEnumerable<string> lines)
                {
                    var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                    foreach (string line in lines)
                    {
                        foreach (string word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        {
                            if (!counts.ContainsKey(word))
                            {
                                counts.Add(word, 0);
                            }

                            counts[word]++;
                        }
                    }

                    return counts.Where(p => p.Value > 1).ToDictionary(p => p.Key, p => p.Value);
                }
            """,
        (s, i) => $$"""
                private static string Render{{i}}(string title, IEnumerable<(string Name, decimal Amount)> rows)
                {
                    var text = new StringBuilder();
                    text.AppendLine(title);
                    foreach (var row in rows.OrderByDescending(r => r.Amount).ThenBy(r => r.Name, StringComparer.Ordinal))
                    {
                        text.Append(row.Name.PadRight(24)).Append(row.Amount.ToString("F2", CultureInfo.InvariantCulture)).AppendLine();
                    }

                    return text.ToString();
                }
            """,
        (s, i) => $$"""
                private static async Task<int> Retry{{i}}(Func<CancellationToken, Task<int>> operation, int attempts, CancellationToken cancellationToken)
                {
                    for (int attempt = 1; ; attempt++)
                    {
                        try
                        {
                            return await operation(cancellationToken).ConfigureAwait(false);
                        }
                        catch (TimeoutException) when (attempt < attempts)
                        {
                            await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt), cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            """,
        (s, i) => $$"""
                private static IEnumerable<string> Validate{{i}}(string? name, int quantity, DateTime due)
                {
                    if (string.IsNullOrWhiteSpace(name))
                    {
                        yield return "name is required";
                    }

                    if (quantity is < 1 or > 1000)
                    {
                        yield return $"quantity {quantity} is out of range";
                    }

                    if (due < DateTime.UnixEpoch)
                    {
                        yield return "due date is too early";
                    }
                }
            """,
    };

    /// <summary>Correct concurrent code and plain code: no finding expected.</summary>
    public static readonly Func<Shape, string>[] Quiet =
    {
        // A cache guarded by one lock everywhere, get-or-create under the lock, snapshot under the lock.
        s => $$"""
            public sealed class {{s.Name}}Cache
            {
                private readonly object _gate = new object();
                private readonly Dictionary<{{s.Key}}, string> _items = new Dictionary<{{s.Key}}, string>();
                private int _hits;
                private int _misses;

                public string GetOrLoad({{s.Key}} key, Func<{{s.Key}}, string> load)
                {
                    lock (_gate)
                    {
                        if (_items.TryGetValue(key, out var value))
                        {
                            _hits++;
                            return value;
                        }

                        _misses++;
                        value = load(key);
                        _items[key] = value;
                        return value;
                    }
                }

                public bool Remove({{s.Key}} key)
                {
                    lock (_gate)
                    {
                        return _items.Remove(key);
                    }
                }

                public List<string> Snapshot()
                {
                    lock (_gate)
                    {
                        return new List<string>(_items.Values);
                    }
                }

                public (int Hits, int Misses) Statistics()
                {
                    lock (_gate)
                    {
                        return (_hits, _misses);
                    }
                }
            {{s.Helpers(1, 3)}}
            }
            """,

        // A registry on ConcurrentDictionary's atomic APIs and Interlocked counters.
        s => $$"""
            public sealed class {{s.Name}}Registry
            {
                private readonly ConcurrentDictionary<{{s.Key}}, {{s.Name}}Entry> _entries = new ConcurrentDictionary<{{s.Key}}, {{s.Name}}Entry>();
                private long _registrations;

                public {{s.Name}}Entry Register({{s.Key}} key, string owner)
                {
                    Interlocked.Increment(ref _registrations);
                    return _entries.GetOrAdd(key, k => new {{s.Name}}Entry(k, owner, DateTime.UtcNow));
                }

                public bool TryFind({{s.Key}} key, out {{s.Name}}Entry? entry) => _entries.TryGetValue(key, out entry);

                public void Touch({{s.Key}} key) =>
                    _entries.AddOrUpdate(key, k => new {{s.Name}}Entry(k, "system", DateTime.UtcNow), (k, e) => e with { LastSeen = DateTime.UtcNow });

                public bool Unregister({{s.Key}} key) => _entries.TryRemove(key, out _);

                public long Registrations => Interlocked.Read(ref _registrations);

                public IReadOnlyList<string> Owners() => _entries.Values.Select(e => e.Owner).Distinct().OrderBy(o => o, StringComparer.Ordinal).ToList();
            {{s.Helpers(1, 3)}}
            }

            public sealed record {{s.Name}}Entry({{s.Key}} Key, string Owner, DateTime LastSeen);
            """,

        // Async state behind a SemaphoreSlim taken with wait/try/finally.
        s => $$"""
            public sealed class {{s.Name}}Synchronizer
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
                private readonly Dictionary<{{s.Key}}, int> _versions = new Dictionary<{{s.Key}}, int>();
                private readonly List<string> _log = new List<string>();

                public async Task<int> SyncAsync({{s.Key}} key, CancellationToken cancellationToken)
                {
                    string payload = await FetchAsync(key, cancellationToken).ConfigureAwait(false);
                    await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        _versions.TryGetValue(key, out int version);
                        version++;
                        _versions[key] = version;
                        _log.Add(payload);
                        return version;
                    }
                    finally
                    {
                        _mutex.Release();
                    }
                }

                public async Task<string[]> LogAsync(CancellationToken cancellationToken)
                {
                    await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        return _log.ToArray();
                    }
                    finally
                    {
                        _mutex.Release();
                    }
                }

                private static async Task<string> FetchAsync({{s.Key}} key, CancellationToken cancellationToken)
                {
                    await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                    return key + ":payload";
                }
            {{s.Helpers(1, 3)}}
            }
            """,

        // Reads in a read section, writes in a write section.
        s => $$"""
            public sealed class {{s.Name}}Directory
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly Dictionary<{{s.Key}}, string> _names = new Dictionary<{{s.Key}}, string>();

                public string? Find({{s.Key}} key)
                {
                    _lock.EnterReadLock();
                    try
                    {
                        return _names.TryGetValue(key, out var name) ? name : null;
                    }
                    finally
                    {
                        _lock.ExitReadLock();
                    }
                }

                public void Put({{s.Key}} key, string name)
                {
                    _lock.EnterWriteLock();
                    try
                    {
                        _names[key] = name;
                    }
                    finally
                    {
                        _lock.ExitWriteLock();
                    }
                }

                public int Count
                {
                    get
                    {
                        _lock.EnterReadLock();
                        try
                        {
                            return _names.Count;
                        }
                        finally
                        {
                            _lock.ExitReadLock();
                        }
                    }
                }
            {{s.Helpers(1, 3)}}
            }
            """,

        // Guarded.Runtime's cache, Lazy<T> and LazyInitializer.
        s => $$"""
            public sealed class {{s.Name}}Catalog
            {
                private readonly DoubleCheckedCache<{{s.Key}}, string> _cache = new DoubleCheckedCache<{{s.Key}}, string>();
                private readonly Lazy<Dictionary<string, decimal>> _prices = new Lazy<Dictionary<string, decimal>>(() => new Dictionary<string, decimal> { ["base"] = 1m });
                private List<string>? _regions;

                public string Get({{s.Key}} key) => _cache.GetOrAdd(key, k => "item " + k);

                public ValueTask<string> GetAsync({{s.Key}} key, CancellationToken cancellationToken) =>
                    _cache.GetOrAddAsync(key, async (k, ct) =>
                    {
                        await Task.Delay(1, ct).ConfigureAwait(false);
                        return "loaded " + k;
                    }, cancellationToken);

                public decimal Price(string sku) => _prices.Value.TryGetValue(sku, out decimal price) ? price : _prices.Value["base"];

                public List<string> Regions => LazyInitializer.EnsureInitialized(ref _regions, () => new List<string> { "eu", "us" })!;

                public Task WarmAsync({{s.Key}} key) => Task.Run(() => Get(key));
            {{s.Helpers(1, 3)}}
            }
            """,

        // Classic double-checked singleton on a fully constructed reference.
        s => $$"""
            public sealed class {{s.Name}}Settings
            {
                private static readonly object s_gate = new object();
                private static {{s.Name}}Settings? s_instance;
                private readonly Dictionary<string, string> _values;

                private {{s.Name}}Settings()
                {
                    _values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["region"] = "eu" };
                }

                public static {{s.Name}}Settings Instance
                {
                    get
                    {
                        if (s_instance == null)
                        {
                            lock (s_gate)
                            {
                                if (s_instance == null)
                                {
                                    s_instance = new {{s.Name}}Settings();
                                }
                            }
                        }

                        return s_instance;
                    }
                }

                public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;
            {{s.Helpers(1, 3)}}
            }
            """,

        // A channel-fed worker with an Interlocked counter.
        s => $$"""
            public sealed class {{s.Name}}Worker
            {
                private readonly Channel<{{s.Key}}> _jobs = Channel.CreateUnbounded<{{s.Key}}>();
                private long _processed;
                private long _failed;

                public ValueTask EnqueueAsync({{s.Key}} job, CancellationToken cancellationToken) => _jobs.Writer.WriteAsync(job, cancellationToken);

                public void Complete() => _jobs.Writer.TryComplete();

                public async Task RunAsync(Func<{{s.Key}}, CancellationToken, Task> handle, CancellationToken cancellationToken)
                {
                    await foreach ({{s.Key}} job in _jobs.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    {
                        try
                        {
                            await handle(job, cancellationToken).ConfigureAwait(false);
                            Interlocked.Increment(ref _processed);
                        }
                        catch (InvalidOperationException)
                        {
                            Interlocked.Increment(ref _failed);
                        }
                    }
                }

                public (long Processed, long Failed) Progress => (Interlocked.Read(ref _processed), Interlocked.Read(ref _failed));
            {{s.Helpers(1, 3)}}
            }
            """,

        // Immutable state swapped with ImmutableInterlocked.
        s => $$"""
            public sealed class {{s.Name}}Routes
            {
                private ImmutableDictionary<{{s.Key}}, string> _routes = ImmutableDictionary<{{s.Key}}, string>.Empty;

                public void Map({{s.Key}} key, string target) => ImmutableInterlocked.AddOrUpdate(ref _routes, key, target, (_, _) => target);

                public bool Unmap({{s.Key}} key) => ImmutableInterlocked.TryRemove(ref _routes, key, out _);

                public Task MapLaterAsync({{s.Key}} key, string target) => Task.Run(() => Map(key, target));

                public int Count => Volatile.Read(ref _routes).Count;
            {{s.Helpers(1, 3)}}
            }
            """,

        // Single-threaded domain code: a builder with check-then-act on its own dictionary (no concurrency intent).
        s => $$"""
            public sealed class {{s.Name}}InvoiceBuilder
            {
                private readonly Dictionary<string, decimal> _totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
                private readonly List<(string Sku, int Quantity, decimal Price)> _lines = new List<(string Sku, int Quantity, decimal Price)>();
                private decimal _discount;

                public {{s.Name}}InvoiceBuilder Add(string sku, int quantity, decimal price)
                {
                    if (!_totals.ContainsKey(sku))
                    {
                        _totals[sku] = 0m;
                    }

                    _totals[sku] += quantity * price;
                    _lines.Add((sku, quantity, price));
                    return this;
                }

                public {{s.Name}}InvoiceBuilder Discount(decimal amount)
                {
                    if (amount < 0m)
                    {
                        throw new ArgumentOutOfRangeException(nameof(amount), amount, "A discount cannot be negative.");
                    }

                    _discount += amount;
                    return this;
                }

                public decimal Total() => Math.Max(0m, _totals.Values.Sum() - _discount);

                public string Render()
                {
                    var text = new StringBuilder();
                    foreach (var line in _lines.OrderBy(l => l.Sku, StringComparer.Ordinal))
                    {
                        text.AppendLine(string.Format(CultureInfo.InvariantCulture, "{0,-12} {1,5} {2,10:F2}", line.Sku, line.Quantity, line.Price));
                    }

                    text.AppendLine(string.Format(CultureInfo.InvariantCulture, "total {0:F2}", Total()));
                    return text.ToString();
                }
            {{s.Helpers(1, 3)}}
            }
            """,

        // A plain record and a static calculator.
        s => $$"""
            public sealed record {{s.Name}}Line({{s.Key}} Id, string Description, int Quantity, decimal UnitPrice)
            {
                public decimal Amount => Quantity * UnitPrice;
            }

            public static class {{s.Name}}Calculator
            {
                public static decimal Net(IEnumerable<{{s.Name}}Line> lines, decimal taxRate)
                {
                    decimal gross = lines.Sum(l => l.Amount);
                    return decimal.Round(gross / (1m + taxRate), 2, MidpointRounding.AwayFromZero);
                }

                public static IReadOnlyDictionary<{{s.Key}}, decimal> ById(IEnumerable<{{s.Name}}Line> lines) =>
                    lines.GroupBy(l => l.Id).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));

                public static {{s.Name}}Line Sample(int n) => new {{s.Name}}Line({{s.KeyFrom("n")}}, "sample " + n.ToString(CultureInfo.InvariantCulture), n % 7 + 1, 9.99m);
            {{s.Helpers(2, 4)}}
            }
            """,

        // A [GuardedBy] field touched only with its lock held, through a helper called under the lock.
        s => $$"""
            public sealed class {{s.Name}}Subscribers
            {
                private readonly object _gate = new object();

                [GuardedBy(nameof(_gate))]
                private readonly List<string> _names = new List<string>();

                public void Subscribe(string name)
                {
                    lock (_gate)
                    {
                        AddIfMissing(name);
                    }
                }

                public bool IsSubscribed(string name)
                {
                    lock (_gate)
                    {
                        return _names.Contains(name);
                    }
                }

                public string[] Snapshot()
                {
                    lock (_gate)
                    {
                        return _names.ToArray();
                    }
                }

                private void AddIfMissing(string name)
                {
                    if (!_names.Contains(name))
                    {
                        _names.Add(name);
                    }
                }
            {{s.Helpers(1, 3)}}
            }
            """,

        // Metrics with Interlocked and a locked histogram.
        s => $$"""
            public sealed class {{s.Name}}Metrics
            {
                private readonly object _gate = new object();
                private readonly SortedDictionary<int, long> _histogram = new SortedDictionary<int, long>();
                private long _requests;
                private long _errors;

                public void Record(TimeSpan elapsed, bool failed)
                {
                    Interlocked.Increment(ref _requests);
                    if (failed)
                    {
                        Interlocked.Increment(ref _errors);
                    }

                    int bucket = (int)Math.Min(20, Math.Log2(Math.Max(1, elapsed.TotalMilliseconds)));
                    lock (_gate)
                    {
                        _histogram.TryGetValue(bucket, out long count);
                        _histogram[bucket] = count + 1;
                    }
                }

                public string Describe()
                {
                    KeyValuePair<int, long>[] buckets;
                    lock (_gate)
                    {
                        buckets = _histogram.ToArray();
                    }

                    var text = new StringBuilder();
                    text.Append("requests=").Append(Interlocked.Read(ref _requests)).Append(" errors=").Append(Interlocked.Read(ref _errors));
                    foreach (var bucket in buckets)
                    {
                        text.Append(' ').Append(1 << bucket.Key).Append("ms:").Append(bucket.Value);
                    }

                    return text.ToString();
                }
            {{s.Helpers(1, 3)}}
            }
            """,
    };

    /// <summary>Racy code, one rule each; every finding marked on its line.</summary>
    public static readonly Func<Shape, string>[] Racy =
    {
        s => $$"""
            public sealed class {{s.Name}}Deduplicator
            {
                private readonly HashSet<{{s.Key}}> _seen = new HashSet<{{s.Key}}>();

                public Task AcceptAsync({{s.Key}} id, string body) => Task.Run(() => Accept(id, body));

                private void Accept({{s.Key}} id, string body)
                {
                    if (_seen.Contains(id)) // planted: GRD101
                    {
                        return;
                    }

                    _seen.Add(id);
                    Console.WriteLine(body.Length);
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}Answers
            {
                private readonly ConcurrentDictionary<{{s.Key}}, string> _answers = new ConcurrentDictionary<{{s.Key}}, string>();

                public void Learn({{s.Key}} question, string answer) => _answers[question] = answer;

                public void Forget({{s.Key}} question) => _answers.TryRemove(question, out _);

                public string Describe({{s.Key}} question) =>
                    _answers.ContainsKey(question) ? _answers[question] : "unknown"; // planted: GRD102
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}PriceList
            {
                private Dictionary<string, decimal>? _prices;

                public Task Refresh() => Task.Run(() => Prices());

                public Dictionary<string, decimal> Prices()
                {
                    if (_prices == null) // planted: GRD103
                    {
                        _prices = Load();
                    }

                    return _prices;
                }

                private static Dictionary<string, decimal> Load() => new Dictionary<string, decimal> { ["tea"] = 2.5m };
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}SchemaInitializer
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private bool _initialized;
                private string _version = "";

                public async Task<string> EnsureAsync(CancellationToken cancellationToken)
                {
                    if (!_initialized) // planted: GRD104
                    {
                        await _gate.WaitAsync(cancellationToken);
                        try
                        {
                            if (!_initialized)
                            {
                                _version = await MigrateAsync(cancellationToken);
                                _initialized = true;
                            }
                        }
                        finally
                        {
                            _gate.Release();
                        }
                    }

                    return _version;
                }

                private static Task<string> MigrateAsync(CancellationToken cancellationToken) => Task.FromResult("v42");
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}CrawlGauge
            {
                private int _active;

                public void Crawl(string[] urls)
                {
                    Parallel.For(0, urls.Length, i =>
                    {
                        Visit(urls[i]);
                    });
                }

                private void Visit(string url)
                {
                    ++_active; // planted: GRD105
                    Console.WriteLine(url);
                    --_active; // planted: GRD105
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}BlockList
            {
                private ImmutableHashSet<{{s.Key}}> _blocked = ImmutableHashSet<{{s.Key}}>.Empty;

                public Task UnblockLaterAsync({{s.Key}} id) => Task.Run(() => Unblock(id));

                public void Unblock({{s.Key}} id)
                {
                    _blocked = _blocked.Remove(id); // planted: GRD106
                }

                public void Block({{s.Key}} id)
                {
                    _blocked = _blocked.Add(id); // planted: GRD106
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}IndexLocks
            {
                private readonly Dictionary<{{s.Key}}, ReaderWriterLockSlim> _locks = new Dictionary<{{s.Key}}, ReaderWriterLockSlim>();

                public Task RebuildAsync({{s.Key}} index) => Task.Run(() => Rebuild(index));

                private void Rebuild({{s.Key}} index)
                {
                    if (!_locks.TryGetValue(index, out var rw)) // planted: GRD107
                    {
                        rw = new ReaderWriterLockSlim();
                        _locks.Add(index, rw);
                    }

                    rw.EnterWriteLock();
                    try
                    {
                        Console.WriteLine(index);
                    }
                    finally
                    {
                        rw.ExitWriteLock();
                    }
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}NotificationChannel
            {
                private readonly object _gate = new object();
                private readonly List<string> _sent = new List<string>();
                private bool _closed;

                public void Close()
                {
                    lock (_gate)
                    {
                        _closed = true;
                    }
                }

                public void Send(string message)
                {
                    if (_closed) // planted: GRD201
                    {
                        throw new InvalidOperationException("closed");
                    }

                    lock (_gate)
                    {
                        _sent.Add(message);
                    }
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}PortAllocator
            {
                private readonly object _gate = new object();
                private readonly Dictionary<int, string> _ports = new Dictionary<int, string>();

                public void Open(int port, string service)
                {
                    lock (_gate)
                    {
                        _ports[port] = service;
                    }
                }

                public int CountHttp()
                {
                    var count = 0;
                    foreach (var service in _ports.Values) // planted: GRD202
                    {
                        if (service.StartsWith("http", StringComparison.Ordinal))
                        {
                            count++;
                        }
                    }

                    return count;
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}Audience
            {
                private readonly object _gate = new object();

                [GuardedBy(nameof(_gate))]
                private readonly List<string> _names = new List<string>();

                public void Subscribe(string name)
                {
                    lock (_gate)
                    {
                        _names.Add(name);
                    }
                }

                public bool IsSubscribed(string name)
                {
                    return _names.Contains(name); // planted: GRD203
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}Thermostat
            {
                private readonly object _gate = new object();
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

                public void Set(double target)
                {
                    lock (this) // planted: GRD402
                    {
                        _target = target; // planted: GRD204
                    }
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}RouteCache
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly Dictionary<string, string> _routes = new Dictionary<string, string>();
                private int _generation;

                public string? Route(string path, int generation)
                {
                    _lock.EnterReadLock();
                    try
                    {
                        if (generation != _generation)
                        {
                            _routes.Clear(); // planted: GRD205
                            _generation = generation; // planted: GRD205
                            return null;
                        }

                        return _routes.TryGetValue(path, out var target) ? target : null;
                    }
                    finally
                    {
                        _lock.ExitReadLock();
                    }
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}BrokerConnection : IAsyncDisposable
            {
                private readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
                private bool _disposed;

                public async ValueTask DisposeAsync()
                {
                    if (_disposed)
                    {
                        return;
                    }

                    try
                    {
                        await Task.Delay(10);
                    }
                    finally
                    {
                        _disposed = true; // planted: GRD301
                        _sendLock.Dispose();
                    }
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}ConnectionTracker
            {
                private readonly SemaphoreSlim _mutex = new SemaphoreSlim(1, 1);
                private readonly HashSet<{{s.Key}}> _active = new HashSet<{{s.Key}}>();

                public async Task ServeAsync({{s.Key}} connection)
                {
                    await _mutex.WaitAsync();
                    try
                    {
                        _active.Add(connection);
                    }
                    finally
                    {
                        _mutex.Release();
                    }

                    try
                    {
                        await Task.Delay(100);
                    }
                    finally
                    {
                        _active.Remove(connection); // planted: GRD302
                    }
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}FrameBuffer
            {
                private readonly Lock _lock = new Lock();
                private readonly List<byte[]> _frames = new List<byte[]>();

                public void Push(byte[] frame)
                {
                    _lock.Enter();
                    _frames.Add(frame);
                    Console.WriteLine(_frames.Count);
                    _lock.Exit(); // planted: GRD303
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}Mixer
            {
                private readonly Lock _mixLock = new Lock();
                private int _tracks;

                public async Task AddTrackAsync()
                {
                    _mixLock.Enter(); // planted: GRD304
                    try
                    {
                        await Task.Delay(1);
                        _tracks++;
                    }
                    finally
                    {
                        _mixLock.Exit();
                    }
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}Session
            {
                private static int s_opened;
                private readonly object _stateLock = new object();
                private int _state;

                public void Open()
                {
                    lock (_stateLock)
                    {
                        _state++;
                    }

                    s_opened++; // planted: GRD403
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}FeedClient
            {
                private object _sync = new object();
                private readonly List<string> _pending = new List<string>();

                public void Enqueue(string message)
                {
                    lock (_sync) // planted: GRD401
                    {
                        _pending.Add(message);
                    }
                }

                public void Reconnect()
                {
                    _sync = new object();
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public static class {{s.Name}}HandlerRegistry
            {
                private static readonly Dictionary<string, int> s_handlers = new Dictionary<string, int>();

                public static void Register(string name)
                {
                    lock (typeof({{s.Name}}HandlerRegistry)) // planted: GRD402
                    {
                        s_handlers[name] = s_handlers.Count;
                    }
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}Spool
            {
                private readonly object _gate = new object();
                private readonly Queue<string> _lines = new Queue<string>();

                public void Add(string line)
                {
                    lock (_gate)
                    {
                        _lines.Enqueue(line);
                        Monitor.Pulse(_gate);
                    }
                }

                public string Take()
                {
                    lock (_gate)
                    {
                        if (_lines.Count == 0)
                        {
                            Monitor.Wait(_gate); // planted: GRD404
                        }

                        return _lines.Dequeue();
                    }
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}Uploader
            {
                private readonly SemaphoreSlim _uploads = new SemaphoreSlim(2, 2);

                public async Task UploadAsync(Func<Task> upload)
                {
                    _uploads.Wait(); // planted: GRD405
                    try
                    {
                        await upload();
                    }
                    finally
                    {
                        _uploads.Release();
                    }
                }
            {{s.Helpers(0, 2)}}
            }
            """,
        s => $$"""
            public sealed class {{s.Name}}TicketDispenser
            {
                private long _issued;

                public long Issue()
                {
                    Interlocked.Increment(ref _issued); // planted: GRD108
                    return _issued;
                }
            {{s.Helpers(0, 2)}}
            }
            """,
    };
}
