using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Guarded.PostgreSql;
using Npgsql;

namespace Guarded.Runtime.PostgreSql.Tests;

/// <summary>
/// The child processes of <see cref="MultiProcessTests"/>, started as <c>dotnet Guarded.Runtime.PostgreSql.Tests.dll &lt;command&gt; …</c>.
/// <list type="bullet">
/// <item><c>hammer &lt;connection&gt; &lt;namespace&gt; &lt;workers&gt; &lt;ops per worker&gt; &lt;keys&gt;</c>: each worker alternates a
/// ledger increment (half <c>Update</c>, half read-then-<c>TryUpdate</c> retried on conflict) and a lock-guarded
/// non-atomic increment of a plain table row, with an atomic occupancy count that detects a second holder. Prints
/// <c>ledger &lt;key&gt; &lt;commits&gt;</c>, <c>lock &lt;key&gt; &lt;increments&gt;</c>, <c>double &lt;n&gt;</c>, <c>conflicts &lt;n&gt;</c>, then <c>done</c>. With a last argument <c>no-locks</c> the increments run without the lock (the control run that shows the detectors work).</item>
/// <item><c>hold &lt;connection&gt; &lt;namespace&gt; &lt;key&gt;</c>: acquires the key's lock, prints <c>held</c> and waits to be killed.</item>
/// </list>
/// </summary>
public static class MultiProcessChild
{
    public const string Hammer = "hammer";
    public const string Hold = "hold";
    public const string NoLocks = "no-locks";
    public const string CounterTable = "guarded_test.lock_counters";

    public static int Run(string[] args)
    {
        try
        {
            return args.Length > 0 && args[0] == Hammer && args.Length is 6 or 7 ? RunHammer(args[1], args[2], Int(args[3]), Int(args[4]), Int(args[5]), useLocks: args.Length == 6 || args[6] != NoLocks).GetAwaiter().GetResult()
                : args.Length > 0 && args[0] == Hold && args.Length == 4 ? RunHold(args[1], args[2], args[3])
                : Usage();
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine(exception);
            return 1;
        }
    }

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    private static int Usage()
    {
        Console.Error.WriteLine($"usage: {Hammer} <connection> <namespace> <workers> <ops per worker> <keys> | {Hold} <connection> <namespace> <key>");
        return 2;
    }

    private static int RunHold(string connectionString, string ns, string key)
    {
        using var locks = PostgreSqlSessionLocks.Create(connectionString, new PostgreSqlSessionLocksOptions<string> { Namespace = ns });
        var handle = locks.Acquire(key, TimeSpan.FromSeconds(30));
        Console.WriteLine($"held {handle.LockId}");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    private static async Task<int> RunHammer(string connectionString, string ns, int workers, int opsPerWorker, int keyCount, bool useLocks)
    {
        using var dataSource = NpgsqlDataSource.Create(connectionString);
        using var ledger = PostgreSqlVersionedLedger.Open(dataSource, LedgerCodec.ForPrimitives<string, long>(), null, new PostgreSqlLedgerOptions { Namespace = ns });
        using var locks = PostgreSqlSessionLocks.Create(dataSource, new PostgreSqlSessionLocksOptions<string> { Namespace = ns });
        var keys = Enumerable.Range(0, keyCount).Select(k => "key" + k).ToArray();
        var ledgerCommits = new ConcurrentDictionary<string, long>();
        var lockIncrements = new ConcurrentDictionary<string, long>();
        long doubleHolders = 0;
        long conflicts = 0;

        async Task Worker(int worker)
        {
            var random = new Random(worker * 7919 + Environment.ProcessId);
            for (int op = 0; op < opsPerWorker; op++)
            {
                string key = keys[random.Next(keys.Length)];
                if (op % 2 == 0)
                {
                    if (random.Next(2) == 0)
                    {
                        var result = await ledger.UpdateAsync(key, static s => LedgerDecision<long>.Commit(s + 1));
                        if (!result.IsCommitted)
                        {
                            throw new InvalidOperationException($"Update ended {result.Outcome}");
                        }
                    }
                    else
                    {
                        while (true)
                        {
                            var seen = await ledger.ReadAsync(key);
                            var result = await ledger.TryUpdateAsync(key, seen.Version, static s => LedgerDecision<long>.Commit(s + 1));
                            if (result.IsCommitted)
                            {
                                break;
                            }

                            Interlocked.Increment(ref conflicts);
                        }
                    }

                    ledgerCommits.AddOrUpdate(key, 1, static (_, n) => n + 1);
                }
                else
                {
                    await using var handle = useLocks ? await locks.AcquireAsync(key, TimeSpan.FromSeconds(60)) : null;
                    await using var connection = await dataSource.OpenConnectionAsync();
                    long holders = await Scalar(connection, $"UPDATE {CounterTable} SET holders = holders + 1 WHERE ns = $1 AND key = $2 RETURNING holders", ns, key);
                    if (holders != 1)
                    {
                        Interlocked.Increment(ref doubleHolders);
                    }

                    // A non-atomic read-modify-write in two statements: only the lock keeps it from losing increments.
                    long n = await Scalar(connection, $"SELECT n FROM {CounterTable} WHERE ns = $1 AND key = $2", ns, key);
                    await Scalar(connection, $"UPDATE {CounterTable} SET n = {n + 1} WHERE ns = $1 AND key = $2 RETURNING n", ns, key);
                    await Scalar(connection, $"UPDATE {CounterTable} SET holders = holders - 1 WHERE ns = $1 AND key = $2 RETURNING holders", ns, key);
                    lockIncrements.AddOrUpdate(key, 1, static (_, c) => c + 1);
                }
            }
        }

        Console.WriteLine("ready");
        Console.Out.Flush();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => Worker(w))));
        foreach (var pair in ledgerCommits)
        {
            Console.WriteLine($"ledger {pair.Key} {pair.Value}");
        }

        foreach (var pair in lockIncrements)
        {
            Console.WriteLine($"lock {pair.Key} {pair.Value}");
        }

        Console.WriteLine($"double {doubleHolders}");
        Console.WriteLine($"conflicts {conflicts}");
        Console.WriteLine("done");
        Console.Out.Flush();
        return 0;
    }

    private static async Task<long> Scalar(NpgsqlConnection connection, string sql, string ns, string key)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ns });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        object? value = await command.ExecuteScalarAsync();
        return Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }
}
