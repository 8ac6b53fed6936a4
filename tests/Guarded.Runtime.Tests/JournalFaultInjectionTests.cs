using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Guarded.Runtime.Tests;

/// <summary>
/// Cuts one run of commits at every byte its journal writes: a crash that keeps only what was written before that
/// byte, and a write or flush that fails once while the ledger goes on. Either way, reopening the file must give back
/// every acknowledged commit and no failed one.
/// </summary>
public class JournalFaultInjectionTests
{
    private static readonly ILedgerCodec<string, decimal> Codec = LedgerCodec.ForPrimitives<string, decimal>();

    private static readonly DateTimeOffset Start = new(2032, 3, 4, 5, 6, 7, TimeSpan.Zero);

    /// <summary>Six commits on three keys, through each of the four ways to commit, one after the other.</summary>
    private static readonly Step[] Script =
    {
        new("alice", 10m, Method.Update),
        new("bob", 2.5m, Method.UpdateAsync),
        new("alice", -3m, Method.TryUpdate),
        new("carol", 7m, Method.TryUpdateAsync),
        new("bob", 1m, Method.Update),
        new("alice", 0.25m, Method.UpdateAsync),
    };

    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public JournalFaultInjectionTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    private enum Method
    {
        Update,
        TryUpdate,
        UpdateAsync,
        TryUpdateAsync,
    }

    [Fact]
    public async Task Crash_at_every_byte_offset_keeps_every_acknowledged_commit_and_leaves_at_most_a_torn_tail()
    {
        string path = TestUtil.TempFile("crash.journal");
        var reference = await ReferenceRun(path);
        int clean = 0, tornTail = 0, tornHeader = 0, acknowledgedChecked = 0;
        for (int cut = 0; cut <= reference.Journal.Length; cut++)
        {
            try
            {
                File.Delete(path);
                var time = new FakeTimeProvider(Start);
                var disk = new CrashingStream(path, persisted: cut);
                var acknowledged = new List<Acknowledged>();
                try
                {
                    using var ledger = VersionedLedger.Open(disk, Codec, Options(time));
                    acknowledged = await RunScript(ledger, time, stopAtFirstFailure: true);
                }
                catch (IOException) when (disk.Crashed)
                {
                    // The crash came while the new journal's header was being written: the ledger never opened.
                }

                Assert.Equal(reference.Journal.AsSpan(0, cut).ToArray(), File.ReadAllBytes(path));
                int wholeRecords = reference.RecordEnds.Count(end => end <= cut);
                Assert.Equal(wholeRecords, acknowledged.Count); // acknowledged exactly the commits whose bytes all reached the file

                long lastBoundary = reference.Boundaries.Last(boundary => boundary <= cut);
                using (var reopened = VersionedLedger.Open(path, Codec))
                {
                    LedgerRecoveryReport report = reopened.Recovery!;
                    AssertHoldsExactly(reopened, acknowledged);
                    Assert.Equal(wholeRecords, report.RecordsReplayed);
                    Assert.Equal(cut == lastBoundary, report.IsClean);
                    Assert.Equal(cut - lastBoundary, report.BytesDiscarded);
                    Assert.Equal(Math.Max(lastBoundary, reference.UnitEnds[0]), report.ValidLength); // a torn header is written anew
                    Assert.Equal(report.ValidLength, new FileInfo(path).Length); // the torn tail is gone before anything is appended
                    if (report.IsClean)
                    {
                        clean++;
                    }
                    else
                    {
                        Assert.StartsWith("torn", report.Reason);
                        tornTail++;
                        tornHeader += report.Reason == "torn header" ? 1 : 0;
                    }

                    acknowledgedChecked += acknowledged.Count;

                    // The journal goes on from the last whole record.
                    reopened.Update(Script[0].Key, b => LedgerDecision<decimal>.Commit(b + 1m));
                }

                using var appended = VersionedLedger.Open(path, Codec);
                Assert.True(appended.Recovery!.IsClean);
                Assert.Equal(wholeRecords + 1, appended.Recovery.RecordsReplayed);
            }
            catch
            {
                _output.WriteLine($"failed with the crash at byte {cut} of {reference.Journal.Length}");
                throw;
            }
        }

        _output.WriteLine($"{reference.Journal.Length + 1} crash points (bytes 0 to {reference.Journal.Length} of a journal of {Script.Length} commits): {clean} reopened clean (a record boundary), {tornTail} cut off a torn tail ({tornHeader} of them a torn header); {acknowledgedChecked} acknowledged commits checked, 0 lost, 0 refused");
        Assert.Equal(reference.Journal.Length + 1, clean + tornTail);
        Assert.Equal(reference.Boundaries.Length, clean);
    }

    [Fact]
    public async Task Write_or_flush_failure_at_every_offset_keeps_every_acknowledged_commit_and_no_failed_one()
    {
        string path = TestUtil.TempFile("failing.journal");
        var reference = await ReferenceRun(path);

        // Unit 0 is the header (a failure there fails the open), unit u > 0 is the record of step u - 1.
        var faults = new List<(string Name, Func<FailingOnceStream> Device, int? FailingUnit)>();
        for (int failAt = 0; failAt <= reference.Journal.Length; failAt++)
        {
            int at = failAt;
            int unit = Array.FindIndex(reference.UnitEnds, end => end > at);
            faults.Add(($"write failure at byte {at}", () => new FailingOnceStream(path, failAtByte: at), unit < 0 ? null : unit));
        }

        int byteFaults = faults.Count;
        for (int flush = 0; flush < reference.UnitEnds.Length; flush++)
        {
            int number = flush;
            faults.Add(($"failure of flush {number}", () => new FailingOnceStream(path, failAtFlush: number), number));
        }

        int failedCommits = 0, failedOpens = 0, acknowledgedChecked = 0;
        foreach (var (name, device, failingUnit) in faults)
        {
            try
            {
                File.Delete(path);
                var time = new FakeTimeProvider(Start);
                var disk = device();
                VersionedLedger<string, decimal> ledger;
                try
                {
                    ledger = VersionedLedger.Open(disk, Codec, Options(time));
                }
                catch (IOException) when (disk.Failed)
                {
                    // The header could not be written; the application opens the journal again.
                    failedOpens++;
                    ledger = VersionedLedger.Open(path, Codec, Options(time));
                }

                List<Acknowledged> acknowledged;
                using (ledger)
                {
                    acknowledged = await RunScript(ledger, time, stopAtFirstFailure: false);
                    AssertHoldsExactly(ledger, acknowledged);
                }

                var failed = Enumerable.Range(0, Script.Length).Except(acknowledged.Select(a => a.Step)).ToArray();
                Assert.Equal(failingUnit is > 0 ? new[] { failingUnit.Value - 1 } : Array.Empty<int>(), failed);
                Assert.Equal(failingUnit is not null, disk.Failed);
                failedCommits += failed.Length;

                using var reopened = VersionedLedger.Open(path, Codec);
                Assert.True(reopened.Recovery!.IsClean, reopened.Recovery.Reason);
                Assert.Equal(acknowledged.Count, reopened.Recovery.RecordsReplayed);
                AssertHoldsExactly(reopened, acknowledged);
                acknowledgedChecked += acknowledged.Count;
            }
            catch
            {
                _output.WriteLine($"failed with the {name}");
                throw;
            }
        }

        _output.WriteLine($"{byteFaults} write failures (bytes 0 to {reference.Journal.Length} of a journal of {Script.Length} commits) and {faults.Count - byteFaults} flush failures (the header's and each commit's): {failedCommits} commits failed, {failedOpens} opens failed and were retried; {acknowledgedChecked} acknowledged commits checked, 0 lost, 0 failed commits came back");
        Assert.Equal(faults.Count - 1, failedCommits + failedOpens); // every fault but the write past the last byte hit a commit or the open
    }

    private static VersionedLedgerOptions<string, decimal> Options(FakeTimeProvider time) => new() { TimeProvider = time };

    private static DateTimeOffset StepTime(int step) => Start + TimeSpan.FromSeconds(step + 1);

    /// <summary>
    /// Runs the script without faults: the journal's bytes, and the file's length after each flush (the header's end,
    /// then each record's end), where a crash leaves no torn tail.
    /// </summary>
    private static async Task<Reference> ReferenceRun(string path)
    {
        var time = new FakeTimeProvider(Start);
        var disk = new CrashingStream(path, persisted: long.MaxValue);
        using (var ledger = VersionedLedger.Open(disk, Codec, Options(time)))
        {
            Assert.Equal(Script.Length, (await RunScript(ledger, time, stopAtFirstFailure: true)).Count);
        }

        var journal = File.ReadAllBytes(path);
        long[] unitEnds = disk.FlushedLengths.ToArray();

        // The fault tests map a byte to the commit it belongs to: that needs one flush per commit and nothing rewritten.
        Assert.Equal(Script.Length + 1, unitEnds.Length);
        Assert.Equal(journal.Length, disk.Written);
        Assert.Equal(journal.Length, unitEnds[^1]);
        return new Reference(journal, unitEnds);
    }

    /// <summary>
    /// Runs the script; a commit is acknowledged when its update returns. With <paramref name="stopAtFirstFailure"/>
    /// the run ends at the first failed commit (the process died there); otherwise it goes on with the next one.
    /// </summary>
    private static async Task<List<Acknowledged>> RunScript(VersionedLedger<string, decimal> ledger, FakeTimeProvider time, bool stopAtFirstFailure)
    {
        var acknowledged = new List<Acknowledged>();
        for (int step = 0; step < Script.Length; step++)
        {
            time.SetUtcNow(StepTime(step)); // a timestamp of its own tells each commit from any other
            LedgerUpdateResult<decimal> result;
            try
            {
                result = await Commit(ledger, Script[step]);
            }
            catch (IOException)
            {
                if (stopAtFirstFailure)
                {
                    break;
                }

                continue;
            }

            Assert.Equal(LedgerOutcome.Committed, result.Outcome);
            acknowledged.Add(new Acknowledged(step, Script[step].Key, new LedgerEntry<decimal>(result.State, result.Version, StepTime(step))));
        }

        return acknowledged;
    }

    private static async ValueTask<LedgerUpdateResult<decimal>> Commit(VersionedLedger<string, decimal> ledger, Step step)
    {
        Func<decimal, LedgerDecision<decimal>> decide = balance => LedgerDecision<decimal>.Commit(balance + step.Amount);
        long current = ledger.Read(step.Key).Version; // an earlier failed commit must not turn this one into a conflict
        return step.Method switch
        {
            Method.Update => ledger.Update(step.Key, decide),
            Method.TryUpdate => ledger.TryUpdate(step.Key, current, decide),
            Method.UpdateAsync => await ledger.UpdateAsync(step.Key, decide),
            Method.TryUpdateAsync => await ledger.TryUpdateAsync(step.Key, current, decide),
            _ => throw new ArgumentOutOfRangeException(nameof(step)),
        };
    }

    /// <summary>
    /// Checks that <paramref name="ledger"/> has every acknowledged commit as it was acknowledged, and that each key's
    /// history is what replaying the acknowledged steps alone gives: nothing failed, lost or invented.
    /// </summary>
    private static void AssertHoldsExactly(VersionedLedger<string, decimal> ledger, IReadOnlyList<Acknowledged> acknowledged)
    {
        foreach (var commit in acknowledged)
        {
            var history = ledger.GetHistory(commit.Key);
            Assert.True(history.Count >= commit.Entry.Version, $"acknowledged {commit.Key} v{commit.Entry.Version} is missing (the ledger has up to v{history.Count})");
            Assert.Equal(commit.Entry, history[(int)commit.Entry.Version - 1]);
        }

        foreach (var key in Script.Select(s => s.Key).Distinct())
        {
            var replayed = new List<LedgerEntry<decimal>>();
            foreach (int step in acknowledged.Select(a => a.Step).Where(s => Script[s].Key == key))
            {
                decimal previous = replayed.Count == 0 ? 0m : replayed[^1].State;
                replayed.Add(new LedgerEntry<decimal>(previous + Script[step].Amount, replayed.Count + 1, StepTime(step)));
            }

            Assert.Equal<LedgerEntry<decimal>>(replayed, ledger.GetHistory(key));
        }
    }

    private sealed record Step(string Key, decimal Amount, Method Method);

    private sealed record Acknowledged(int Step, string Key, LedgerEntry<decimal> Entry);

    /// <param name="Journal">The whole journal of the script.</param>
    /// <param name="UnitEnds">Where the header and then each commit's record end.</param>
    private sealed record Reference(byte[] Journal, long[] UnitEnds)
    {
        public long[] RecordEnds => UnitEnds[1..];

        /// <summary>The lengths a crash can leave without a torn tail: nothing, the header, each whole record.</summary>
        public long[] Boundaries => UnitEnds.Prepend(0).ToArray();
    }
}

/// <summary>
/// A new journal file on a machine that dies at byte <c>persisted</c>: the bytes written before it reach the file, that
/// byte and all later ones are lost, and the process is gone from then on, so no flush returns (nothing that lost a byte
/// can be acknowledged) and no repair reaches the file.
/// </summary>
internal sealed class CrashingStream : Stream
{
    private readonly FileStream _file;
    private readonly long _persisted;

    public CrashingStream(string path, long persisted)
    {
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        _persisted = persisted;
    }

    public bool Crashed { get; private set; }

    /// <summary>Gets the bytes written to the file so far, over all writes.</summary>
    public long Written { get; private set; }

    /// <summary>Gets the file's length at each flush that returned.</summary>
    public List<long> FlushedLengths { get; } = new();

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length => _file.Length;
    public override long Position { get => _file.Position; set => _file.Position = value; }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (Crashed)
        {
            return;
        }

        int kept = (int)Math.Min(count, _persisted - Written);
        _file.Write(buffer, offset, kept);
        Written += kept;
        Crashed = kept < count;
    }

    public override void Flush()
    {
        ThrowIfCrashed();
        _file.Flush();
        FlushedLengths.Add(_file.Length);
    }

    public override void SetLength(long value)
    {
        ThrowIfCrashed();
        _file.SetLength(value);
    }

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    private void ThrowIfCrashed()
    {
        if (Crashed)
        {
            throw new IOException("the process died (injected crash)");
        }
    }
}

/// <summary>
/// A new journal file whose device fails once and then works again: either the write that reaches byte
/// <c>failAtByte</c> (counting every byte ever written) puts the bytes before it in the file and throws, or flush
/// number <c>failAtFlush</c> (0 is the header's) throws.
/// </summary>
internal sealed class FailingOnceStream : Stream
{
    private readonly FileStream _file;
    private readonly long _failAtByte;
    private readonly int _failAtFlush;
    private long _written;
    private int _flushes;

    public FailingOnceStream(string path, long failAtByte = long.MaxValue, int failAtFlush = -1)
    {
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        _failAtByte = failAtByte;
        _failAtFlush = failAtFlush;
    }

    public bool Failed { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length => _file.Length;
    public override long Position { get => _file.Position; set => _file.Position = value; }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (!Failed && _written + count > _failAtByte)
        {
            int before = (int)(_failAtByte - _written);
            _file.Write(buffer, offset, before);
            _written += before;
            Failed = true;
            throw new IOException($"injected write failure at byte {_failAtByte}");
        }

        _file.Write(buffer, offset, count);
        _written += count;
    }

    public override void Flush()
    {
        if (!Failed && _flushes++ == _failAtFlush)
        {
            Failed = true;
            throw new IOException($"injected failure of flush {_failAtFlush}");
        }

        _file.Flush();
    }

    public override void SetLength(long value) => _file.SetLength(value);

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
