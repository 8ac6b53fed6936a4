using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Guarded.Ledger.Journal;
using Microsoft.Extensions.Time.Testing;

namespace Guarded.Runtime.Tests;

public class LedgerJournalTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public LedgerJournalTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    private static readonly ILedgerCodec<string, decimal> Codec = LedgerCodec.ForPrimitives<string, decimal>();

    private static LedgerDecision<decimal> Add(decimal balance, decimal amount) => LedgerDecision<decimal>.Commit(balance + amount);

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32.Compute(ReadOnlySpan<byte>.Empty));
    }

    [Fact]
    public void Round_trip_restores_states_versions_and_history()
    {
        string path = TestUtil.TempFile("ledger.journal");
        var time = new FakeTimeProvider(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var options = new VersionedLedgerOptions<string, decimal> { TimeProvider = time, InitialState = 1m };
        using (var ledger = VersionedLedger.Open(path, Codec, options))
        {
            Assert.True(ledger.IsDurable);
            Assert.True(ledger.Recovery!.IsClean);
            Assert.Equal(0, ledger.Recovery.RecordsReplayed);
            ledger.Update("alice", b => Add(b, 10m));
            time.Advance(TimeSpan.FromSeconds(1));
            ledger.Update("bob", b => Add(b, 2.5m));
            ledger.TryUpdate("alice", 1, b => Add(b, -3m));
            Assert.Equal(LedgerOutcome.Conflict, ledger.TryUpdate("alice", 1, b => Add(b, 1m)).Outcome);
            Assert.Equal(LedgerOutcome.Rejected, ledger.Update("bob", _ => LedgerDecision<decimal>.Reject("no")).Outcome);
        }

        using (var reopened = VersionedLedger.Open(path, Codec, options))
        {
            Assert.True(reopened.Recovery!.IsClean);
            Assert.Equal(3, reopened.Recovery.RecordsReplayed);
            Assert.Equal(new LedgerEntry<decimal>(8m, 2, time.GetUtcNow()), reopened.Read("alice"));
            Assert.Equal(3.5m, reopened.Read("bob").State);
            Assert.Equal(new[] { 11m, 8m }, reopened.GetHistory("alice").Select(e => e.State));
            Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(1), reopened.GetHistory("alice")[0].Timestamp);
            Assert.Equal(1m, reopened.Read("carol").State);

            // Appending after replay continues the sequence.
            Assert.Equal(3, reopened.Update("alice", b => Add(b, 1m)).Version);
        }

        using var third = VersionedLedger.Open(path, Codec, options);
        Assert.Equal(4, third.Recovery!.RecordsReplayed);
        Assert.Equal(9m, third.Read("alice").State);
    }

    [Fact]
    public async Task Async_commits_are_durable_too()
    {
        string path = TestUtil.TempFile("async.journal");
        using (var ledger = VersionedLedger.Open(path, Codec))
        {
            await ledger.UpdateAsync("a", b => Add(b, 1m));
            await ledger.TryUpdateAsync("a", 1, b => Add(b, 1m));
        }

        using var reopened = VersionedLedger.Open(path, Codec);
        Assert.Equal(2, reopened.Read("a").Version);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Torn_tail_is_discarded_and_truncated_before_new_appends(int bytesCut)
    {
        string path = TestUtil.TempFile("torn.journal");
        using (var ledger = VersionedLedger.Open(path, Codec))
        {
            for (int i = 0; i < 5; i++)
            {
                ledger.Update("k", b => Add(b, 1m));
            }
        }

        long fullLength = new FileInfo(path).Length;
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(fullLength - bytesCut); // a crash tore the last record
        }

        long goodLength;
        using (var reopened = VersionedLedger.Open(path, Codec))
        {
            var report = reopened.Recovery!;
            Assert.False(report.IsClean);
            Assert.Equal(4, report.RecordsReplayed);
            Assert.StartsWith("torn record", report.Reason);
            goodLength = report.ValidLength;
            Assert.Equal(fullLength - bytesCut - goodLength, report.BytesDiscarded);
            Assert.Equal(goodLength, new FileInfo(path).Length); // truncated before any append
            Assert.Equal(4, reopened.Read("k").Version);
            Assert.Equal(5, reopened.Update("k", b => Add(b, 10m)).Version);
        }

        using var again = VersionedLedger.Open(path, Codec);
        Assert.True(again.Recovery!.IsClean);
        Assert.Equal(5, again.Recovery.RecordsReplayed);
        Assert.Equal(14m, again.Read("k").State);
    }

    [Fact]
    public void Damaged_record_that_valid_records_follow_refuses_to_open_and_changes_nothing()
    {
        (string path, long secondRecordStart) = JournalOfThreeCommits("corrupt.journal");
        var bytes = File.ReadAllBytes(path);
        bytes[secondRecordStart + 4 + 9] ^= 0x40; // flip one bit inside the second record's payload
        File.WriteAllBytes(path, bytes);

        var refused = Assert.Throws<LedgerJournalCorruptException>(() => VersionedLedger.Open(path, Codec));

        Assert.Equal(secondRecordStart, refused.Offset);
        Assert.Equal(2, refused.RecordNumber);
        Assert.Equal(1, refused.ValidRecordsAfter);
        Assert.Equal("checksum mismatch", refused.Reason);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*"));
    }

    [Fact]
    public void Damaged_record_is_cut_off_with_what_follows_only_when_the_loss_is_accepted_and_a_copy_is_kept()
    {
        (string path, long secondRecordStart) = JournalOfThreeCommits("accepted.journal");
        var bytes = File.ReadAllBytes(path);
        bytes[secondRecordStart + 4 + 9] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var options = new VersionedLedgerOptions<string, decimal> { JournalRecovery = JournalRecovery.TruncateAtCorruption };

        using var reopened = VersionedLedger.Open(path, Codec, options);

        LedgerRecoveryReport report = reopened.Recovery!;
        Assert.Equal("checksum mismatch", report.Reason);
        Assert.Equal(1, report.RecordsReplayed);
        Assert.Equal(1, report.ValidRecordsDiscarded);
        Assert.Equal(secondRecordStart, report.ValidLength);
        Assert.Equal(bytes.Length - secondRecordStart, report.BytesDiscarded);
        Assert.StartsWith(path + ".corrupt-", report.PreservedCopy);
        Assert.Equal(bytes, File.ReadAllBytes(report.PreservedCopy!));
        Assert.Equal(1m, reopened.Read("a").State);
        Assert.Equal(0, reopened.Read("b").Version);
    }

    [Fact]
    public void Every_flipped_bit_either_keeps_every_acknowledged_commit_or_refuses_or_is_a_reported_torn_tail()
    {
        (string path, _) = JournalOfThreeCommits("flips.journal");
        var original = File.ReadAllBytes(path);
        long lastRecordStart = RecordStarts(original).Last();
        int refused = 0, tornTail = 0, badHeader = 0;
        for (int offset = 0; offset < original.Length; offset++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                var damaged = (byte[])original.Clone();
                damaged[offset] ^= (byte)(1 << bit);
                File.WriteAllBytes(path, damaged);
                try
                {
                    using var ledger = VersionedLedger.Open(path, Codec);
                    LedgerRecoveryReport report = ledger.Recovery!;
                    Assert.True(offset >= lastRecordStart, $"flipping bit {bit} of byte {offset} opened with {report.RecordsReplayed} of 3 commits ({report.Reason})");
                    Assert.Equal(2, report.RecordsReplayed);
                    Assert.False(report.IsClean);
                    tornTail++;
                }
                catch (LedgerJournalCorruptException)
                {
                    Assert.True(offset < lastRecordStart, $"flipping bit {bit} of byte {offset} in the last record was refused");
                    Assert.Equal(damaged, File.ReadAllBytes(path));
                    refused++;
                }
                catch (InvalidDataException)
                {
                    Assert.True(offset < LedgerJournal.HeaderLength, $"flipping bit {bit} of byte {offset} was taken for a foreign file");
                    Assert.Equal(damaged, File.ReadAllBytes(path));
                    badHeader++;
                }
            }
        }

        _output.WriteLine($"{original.Length * 8} bit flips over {original.Length} bytes: {refused} refused as corruption, {tornTail} cut off as a torn last record, {badHeader} refused as a foreign header; 0 opened with an acknowledged commit missing");
        Assert.Equal(original.Length * 8, refused + tornTail + badHeader);
    }

    /// <summary>A journal of three commits (a, b, a); returns its path and where the second record starts.</summary>
    private static (string Path, long SecondRecordStart) JournalOfThreeCommits(string name)
    {
        string path = TestUtil.TempFile(name);
        long secondRecordStart;
        using (var ledger = VersionedLedger.Open(path, Codec))
        {
            ledger.Update("a", b => Add(b, 1m));
            secondRecordStart = new FileInfo(path).Length;
            ledger.Update("b", b => Add(b, 2m));
            ledger.Update("a", b => Add(b, 3m));
        }

        return (path, secondRecordStart);
    }

    private static long[] RecordStarts(byte[] journal)
    {
        var starts = new System.Collections.Generic.List<long>();
        for (long offset = LedgerJournal.HeaderLength; offset < journal.Length; offset += 8 + BitConverter.ToInt32(journal, (int)offset))
        {
            starts.Add(offset);
        }

        return starts.ToArray();
    }

    [Fact]
    public void The_folder_of_a_new_journal_is_flushed_and_a_folder_that_cannot_be_opened_is_an_IOException()
    {
        string path = TestUtil.TempFile("folder-flush.journal");
        File.WriteAllBytes(path, Array.Empty<byte>());
        FolderFlush.ContainingFolderOf(path);

        string gone = Path.Combine(Path.GetDirectoryName(path)!, "no-such-folder", "x.journal");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Throws<IOException>(() => FolderFlush.ContainingFolderOf(gone));
        }
    }

    [Fact]
    public void Corrupted_length_prefix_is_detected()
    {
        string path = TestUtil.TempFile("length.journal");
        using (var ledger = VersionedLedger.Open(path, Codec))
        {
            ledger.Update("a", b => Add(b, 1m));
        }

        var bytes = File.ReadAllBytes(path);
        bytes[LedgerJournal.HeaderLength + 3] = 0x7F; // absurd length
        File.WriteAllBytes(path, bytes);
        using var reopened = VersionedLedger.Open(path, Codec);
        Assert.StartsWith("corrupt record length", reopened.Recovery!.Reason);
        Assert.Equal(0, reopened.Recovery.RecordsReplayed);
    }

    [Fact]
    public void Duplicated_record_is_a_non_monotonic_version_and_stops_replay()
    {
        string path = TestUtil.TempFile("dup.journal");
        using (var ledger = VersionedLedger.Open(path, Codec))
        {
            ledger.Update("a", b => Add(b, 1m));
        }

        var bytes = File.ReadAllBytes(path);
        var record = bytes.Skip(LedgerJournal.HeaderLength).ToArray();
        File.WriteAllBytes(path, bytes.Concat(record).ToArray()); // valid CRC, but version 1 again

        using var reopened = VersionedLedger.Open(path, Codec);
        Assert.StartsWith("non-monotonic version 1", reopened.Recovery!.Reason);
        Assert.Equal(1, reopened.Recovery.RecordsReplayed);
        Assert.Equal(1, reopened.Read("a").Version);
    }

    [Fact]
    public void Torn_header_is_repaired_and_foreign_files_are_refused_untouched()
    {
        string torn = TestUtil.TempFile("torn-header.journal");
        File.WriteAllBytes(torn, new byte[] { (byte)'G', (byte)'L' });
        using (var ledger = VersionedLedger.Open(torn, Codec))
        {
            Assert.Equal("torn header", ledger.Recovery!.Reason);
            ledger.Update("a", b => Add(b, 1m));
        }

        using (var reopened = VersionedLedger.Open(torn, Codec))
        {
            Assert.Equal(1, reopened.Read("a").Version);
        }

        string foreign = TestUtil.TempFile("foreign.txt");
        File.WriteAllText(foreign, "hello, not a journal");
        Assert.Throws<InvalidDataException>(() => VersionedLedger.Open(foreign, Codec));
        Assert.Equal("hello, not a journal", File.ReadAllText(foreign));
    }

    [Fact]
    public void Journal_write_failure_leaves_the_state_unchanged_and_the_failed_record_out_of_the_file()
    {
        string path = TestUtil.TempFile("failing.journal");
        var stream = new ControlledStream(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read));
        using (var ledger = VersionedLedger.Open(stream, Codec, null))
        {
            ledger.Update("a", b => Add(b, 1m));

            stream.FailWrites = true;
            Assert.Throws<IOException>(() => ledger.Update("a", b => Add(b, 100m)));
            Assert.Equal(1, ledger.Read("a").Version);
            Assert.Equal(1m, ledger.Read("a").State);
            Assert.Single(ledger.GetHistory("a"));

            stream.FailWrites = false;
            Assert.Equal(2, ledger.Update("a", b => Add(b, 2m)).Version);
        }

        using var reopened = VersionedLedger.Open(path, Codec);
        Assert.True(reopened.Recovery!.IsClean);
        Assert.Equal(2, reopened.Recovery.RecordsReplayed);
        Assert.Equal(new[] { 1m, 3m }, reopened.GetHistory("a").Select(e => e.State));
    }

    [Fact]
    public void Flush_failure_fails_the_commit_and_then_stops_the_journal()
    {
        string path = TestUtil.TempFile("flush.journal");
        var stream = new ControlledStream(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read));
        using (var ledger = VersionedLedger.Open(stream, Codec, null))
        {
            ledger.Update("a", b => Add(b, 1m));
            stream.FailFlushes = true; // an fsync failure cannot be trusted to be repaired: fail-stop
            Assert.Throws<IOException>(() => ledger.TryUpdate("a", 1, b => Add(b, 100m)));
            Assert.Equal(1, ledger.Read("a").Version);
            stream.FailFlushes = false;
            Assert.Contains("failed earlier", Assert.Throws<IOException>(() => ledger.Update("a", b => Add(b, 2m))).Message);
            Assert.Equal(1m, ledger.Read("a").State);
        }

        using var reopened = VersionedLedger.Open(path, Codec);
        Assert.Equal(1, reopened.Read("a").Version);
    }

    [Fact]
    public void Journal_that_cannot_be_repaired_fails_stop()
    {
        string path = TestUtil.TempFile("faulted.journal");
        var stream = new ControlledStream(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read));
        using var ledger = VersionedLedger.Open(stream, Codec, null);
        stream.FailWrites = true;
        stream.FailSetLength = true;
        Assert.Throws<IOException>(() => ledger.Update("a", b => Add(b, 1m)));
        stream.FailWrites = false;
        stream.FailSetLength = false;
        var refused = Assert.Throws<IOException>(() => ledger.Update("a", b => Add(b, 1m)));
        Assert.Contains("failed earlier", refused.Message);
        Assert.Equal(0, ledger.Read("a").Version);
    }

    [Fact]
    public void Codec_failure_writes_nothing()
    {
        string path = TestUtil.TempFile("codec.journal");
        var codec = LedgerCodec.Create<string, decimal>(
            (w, k) => w.Write(k),
            r => r.ReadString(),
            (w, s) => { if (s < 0) { throw new ArgumentOutOfRangeException(nameof(s)); } w.Write(s); },
            r => r.ReadDecimal());
        using (var ledger = VersionedLedger.Open(path, codec))
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => ledger.Update("a", b => Add(b, -1m)));
            Assert.Equal(0, ledger.Read("a").Version);
            ledger.Update("a", b => Add(b, 1m));
        }

        using var reopened = VersionedLedger.Open(path, codec);
        Assert.Equal(1, reopened.Recovery!.RecordsReplayed);
    }

    [Fact]
    public async Task Concurrent_commits_share_one_disk_flush()
    {
        string path = TestUtil.TempFile("group.journal");
        var stream = new ControlledStream(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read));
        using var ledger = VersionedLedger.Open(stream, Codec, null);
        int flushesBefore = stream.Flushes;
        var release = TestUtil.NewGate();
        stream.WriteGate = release;

        var leader = Task.Run(() => ledger.Update("leader", b => Add(b, 1m)));
        await stream.WriteEntered.Task.Within(); // the leader is writing its batch
        var followers = Enumerable.Range(0, 8).Select(i => ledger.UpdateAsync("f" + i, b => Add(b, 1m)).AsTask()).ToArray();
        Assert.All(followers, f => Assert.False(f.IsCompleted)); // queued, not yet durable
        release.SetResult();

        await leader.Within();
        await Task.WhenAll(followers).Within();
        Assert.Equal(2, stream.Flushes - flushesBefore); // one flush for the leader's batch, one for all eight followers
        ledger.Dispose();

        using var reopened = VersionedLedger.Open(path, Codec);
        Assert.Equal(9, reopened.Recovery!.RecordsReplayed);
    }

    [Fact]
    public void Second_open_of_the_same_journal_is_refused()
    {
        string path = TestUtil.TempFile("exclusive.journal");
        using var first = VersionedLedger.Open(path, Codec);
        Assert.Throws<IOException>(() => VersionedLedger.Open(path, Codec));
    }

    [Fact]
    public void Open_reports_bad_paths_with_the_documented_exceptions()
    {
        string folder = Path.GetDirectoryName(TestUtil.TempFile("any.journal"))!;
        Assert.Throws<DirectoryNotFoundException>(() => VersionedLedger.Open(Path.Combine(folder, "missing", "ledger.journal"), Codec));
        Assert.Throws<UnauthorizedAccessException>(() => VersionedLedger.Open(folder, Codec));
        Assert.Throws<ArgumentException>(() => VersionedLedger.Open("bad\0name.journal", Codec));
        Assert.Throws<ArgumentException>(() => VersionedLedger.Open(" ", Codec));
        Assert.Throws<ArgumentNullException>(() => VersionedLedger.Open(null!, Codec));
        Assert.Throws<ArgumentNullException>(() => VersionedLedger.Open<string, decimal>(Path.Combine(folder, "ledger.journal"), null!));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void Primitive_codec_round_trips_supported_types_and_refuses_others()
    {
        string path = TestUtil.TempFile("primitives.journal");
        var id = Guid.NewGuid();
        using (var ledger = VersionedLedger.Open(path, LedgerCodec.ForPrimitives<Guid, string>()))
        {
            ledger.Update(id, _ => LedgerDecision<string>.Commit("hello"));
            ledger.Update(id, _ => LedgerDecision<string>.Commit(null!));
        }

        using (var reopened = VersionedLedger.Open(path, LedgerCodec.ForPrimitives<Guid, string>()))
        {
            Assert.Equal(new[] { "hello", null }, reopened.GetHistory(id).Select(e => e.State));
        }

        Assert.Throws<NotSupportedException>(() => LedgerCodec.ForPrimitives<DateTime, int>());
        Assert.Throws<ArgumentNullException>(() => LedgerCodec.Create<int, int>(null!, r => 0, (w, s) => { }, r => 0));
        Assert.ThrowsAny<ArgumentException>(() => VersionedLedger.Open(" ", Codec));
        Assert.Throws<ArgumentNullException>(() => VersionedLedger.Open<string, decimal>(TestUtil.TempFile("x"), null!));
    }
}
