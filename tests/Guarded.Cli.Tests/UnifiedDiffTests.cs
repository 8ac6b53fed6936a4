using System.Text;
using Guarded.Cli.Fixing;

namespace Guarded.Cli.Tests;

public sealed class UnifiedDiffTests
{
    private static readonly string Twenty = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));

    [Fact]
    public void SameText_IsNoDiff()
    {
        Assert.Equal(string.Empty, UnifiedDiff.Format("a/f", "b/f", "x\ny\n", "x\ny\n"));
    }

    [Fact]
    public void ChangedLine_GetsThreeLinesOfContextAndAHeader()
    {
        string changed = Twenty.Replace("line 10\n", "line ten\n", StringComparison.Ordinal);

        string diff = UnifiedDiff.Format("a/f.cs", "b/f.cs", Twenty, changed);

        Assert.Equal(
            "--- a/f.cs\n+++ b/f.cs\n@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n",
            diff);
    }

    [Fact]
    public void ChangesFarApart_AreSeparateHunks_AndCloseOnesMerge()
    {
        string far = Twenty.Replace("line 2\n", "line two\n", StringComparison.Ordinal).Replace("line 18\n", "line eighteen\n", StringComparison.Ordinal);
        string close = Twenty.Replace("line 5\n", "line five\n", StringComparison.Ordinal).Replace("line 11\n", "line eleven\n", StringComparison.Ordinal);

        string farDiff = UnifiedDiff.Format("a/f", "b/f", Twenty, far);
        string closeDiff = UnifiedDiff.Format("a/f", "b/f", Twenty, close);

        Assert.Equal(["@@ -1,5 +1,5 @@", "@@ -15,6 +15,6 @@"], HunkHeaders(farDiff));
        Assert.Equal(["@@ -2,13 +2,13 @@"], HunkHeaders(closeDiff));
    }

    [Fact]
    public void Insertion_AndDeletion_CountOnlyTheirSide()
    {
        string inserted = Twenty.Replace("line 10\n", "line 10\nnew a\nnew b\n", StringComparison.Ordinal);
        string deleted = Twenty.Replace("line 1\n", string.Empty, StringComparison.Ordinal);

        Assert.Equal(["@@ -8,6 +8,8 @@"], HunkHeaders(UnifiedDiff.Format("a/f", "b/f", Twenty, inserted)));
        Assert.Equal("--- a/f\n+++ b/f\n@@ -1,4 +1,3 @@\n-line 1\n line 2\n line 3\n line 4\n", UnifiedDiff.Format("a/f", "b/f", Twenty, deleted));
    }

    [Fact]
    public void NewFileContent_FromEmpty_UsesAZeroRange()
    {
        Assert.Equal("--- a/f\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+y\n", UnifiedDiff.Format("a/f", "b/f", string.Empty, "x\ny\n"));
    }

    [Fact]
    public void MissingFinalNewline_IsMarked()
    {
        string diff = UnifiedDiff.Format("a/f", "b/f", "x\ny", "x\ny\n");

        Assert.Equal("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n", diff);
    }

    [Fact]
    public void LineBreakStyle_AloneIsNotAChange()
    {
        Assert.Equal(string.Empty, UnifiedDiff.Format("a/f", "b/f", "x\r\ny\r\n", "x\ny\n"));
    }

    [Fact]
    public void LineDiff_IsMinimal()
    {
        string[] before = ["a", "b", "c", "a", "b", "b", "a"];
        string[] after = ["c", "b", "a", "b", "a", "c"];

        IReadOnlyList<DiffEdit> edits = LineDiff.Compute(before, after);

        Assert.Equal(5, edits.Count(e => e.Kind != DiffKind.Equal));
        Assert.Equal(after, Apply(before, after, edits));
    }

    [Fact]
    public void PreserveLineBreaks_KeepsCrlfOnKeptAndNewLines()
    {
        string fixedText = FixedFileWriter.PreserveLineBreaks("a\r\nb\r\nc\r\n", "a\nnew\nb\nc\n");

        Assert.Equal("a\r\nnew\r\nb\r\nc\r\n", fixedText);
    }

    [Fact]
    public void DetectEncoding_FollowsTheByteOrderMark()
    {
        Assert.Equal([0xEF, 0xBB, 0xBF], FixedFileWriter.DetectEncoding([0xEF, 0xBB, 0xBF, (byte)'x']).GetPreamble());
        Assert.Empty(FixedFileWriter.DetectEncoding("x"u8).GetPreamble());
        Assert.IsType<UnicodeEncoding>(FixedFileWriter.DetectEncoding([0xFF, 0xFE, (byte)'x', 0]));
    }

    private static string[] HunkHeaders(string diff)
    {
        return diff.Split('\n').Where(l => l.StartsWith("@@", StringComparison.Ordinal)).ToArray();
    }

    private static List<string> Apply(string[] before, string[] after, IReadOnlyList<DiffEdit> edits)
    {
        var result = new List<string>();
        foreach (DiffEdit edit in edits)
        {
            if (edit.Kind == DiffKind.Equal)
            {
                Assert.Equal(before[edit.OldIndex], after[edit.NewIndex]);
                result.Add(before[edit.OldIndex]);
            }
            else if (edit.Kind == DiffKind.Insert)
            {
                result.Add(after[edit.NewIndex]);
            }
        }

        return result;
    }
}
