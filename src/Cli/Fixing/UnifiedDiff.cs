using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Guarded.Cli.Fixing;

/// <summary>A line of text and the line break that ends it (empty for a last line without one).</summary>
/// <param name="Content">The line without its break.</param>
/// <param name="Terminator"><c>\r\n</c>, <c>\n</c>, <c>\r</c>, or empty.</param>
internal readonly record struct TextLine(string Content, string Terminator)
{
    /// <summary>Splits <paramref name="text"/> into lines, keeping each line's break.</summary>
    public static List<TextLine> Split(string text)
    {
        var lines = new List<TextLine>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is not ('\n' or '\r'))
            {
                continue;
            }

            int breakLength = c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
            lines.Add(new TextLine(text[start..i], text.Substring(i, breakLength)));
            i += breakLength - 1;
            start = i + 1;
        }

        if (start < text.Length)
        {
            lines.Add(new TextLine(text[start..], string.Empty));
        }

        return lines;
    }

    /// <summary>
    /// What the diff compares: the content, marked when it is a last line without a break, so adding or removing the
    /// final newline is a change while <c>\r\n</c> versus <c>\n</c> is not.
    /// </summary>
    public static List<string> Keys(List<TextLine> lines)
    {
        var keys = new List<string>(lines.Count);
        foreach (TextLine line in lines)
        {
            keys.Add(line.Terminator.Length == 0 ? line.Content + "\0" : line.Content);
        }

        return keys;
    }
}

/// <summary>Unified diffs (<c>--- a/path</c>, <c>+++ b/path</c>, <c>@@ -l,s +l,s @@</c> hunks) of two texts.</summary>
internal static class UnifiedDiff
{
    private const string NoNewline = "\\ No newline at end of file";

    /// <summary>
    /// The unified diff turning <paramref name="oldText"/> into <paramref name="newText"/> with
    /// <paramref name="context"/> lines of context, or an empty string when they have the same lines. Every output
    /// line ends with <c>\n</c>.
    /// </summary>
    public static string Format(string oldPath, string newPath, string oldText, string newText, int context = 3)
    {
        List<TextLine> oldLines = TextLine.Split(oldText);
        List<TextLine> newLines = TextLine.Split(newText);
        IReadOnlyList<DiffEdit> edits = LineDiff.Compute(TextLine.Keys(oldLines), TextLine.Keys(newLines));
        if (edits.All(e => e.Kind == DiffKind.Equal))
        {
            return string.Empty;
        }

        // Lines of each text consumed before edit i.
        var oldBefore = new int[edits.Count + 1];
        var newBefore = new int[edits.Count + 1];
        for (int i = 0; i < edits.Count; i++)
        {
            oldBefore[i + 1] = oldBefore[i] + (edits[i].Kind == DiffKind.Insert ? 0 : 1);
            newBefore[i + 1] = newBefore[i] + (edits[i].Kind == DiffKind.Delete ? 0 : 1);
        }

        var output = new StringBuilder();
        output.Append("--- ").Append(oldPath).Append('\n');
        output.Append("+++ ").Append(newPath).Append('\n');
        foreach ((int start, int end) in Hunks(edits, context))
        {
            int oldCount = oldBefore[end] - oldBefore[start];
            int newCount = newBefore[end] - newBefore[start];
            output.Append("@@ -").Append(Range(oldBefore[start], oldCount))
                .Append(" +").Append(Range(newBefore[start], newCount)).Append(" @@\n");
            for (int i = start; i < end; i++)
            {
                DiffEdit edit = edits[i];
                (char marker, TextLine line) = edit.Kind switch
                {
                    DiffKind.Equal => (' ', newLines[edit.NewIndex]),
                    DiffKind.Delete => ('-', oldLines[edit.OldIndex]),
                    _ => ('+', newLines[edit.NewIndex]),
                };
                output.Append(marker).Append(line.Content).Append('\n');
                if (line.Terminator.Length == 0)
                {
                    output.Append(NoNewline).Append('\n');
                }
            }
        }

        return output.ToString();
    }

    /// <summary>
    /// Groups the changes into hunks: each change with <paramref name="context"/> equal lines around it, merging
    /// changes whose contexts touch or overlap. Returns [start, end) ranges of edit indices.
    /// </summary>
    internal static List<(int Start, int End)> Hunks(IReadOnlyList<DiffEdit> edits, int context)
    {
        var hunks = new List<(int Start, int End)>();
        int i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == DiffKind.Equal)
            {
                i++;
                continue;
            }

            int start = Math.Max(0, i - context);
            int lastChange = i;
            int j = i + 1;
            while (j < edits.Count)
            {
                if (edits[j].Kind != DiffKind.Equal)
                {
                    lastChange = j;
                }
                else if (j - lastChange > 2 * context)
                {
                    break;
                }

                j++;
            }

            int end = Math.Min(edits.Count, lastChange + context + 1);
            if (hunks.Count > 0 && start <= hunks[^1].End)
            {
                hunks[^1] = (hunks[^1].Start, end);
            }
            else
            {
                hunks.Add((start, end));
            }

            i = end;
        }

        return hunks;
    }

    /// <summary>A hunk range: 1-based first line and count (count omitted when 1; an empty range names the line before it).</summary>
    private static string Range(int linesBefore, int count)
    {
        return count switch
        {
            0 => linesBefore.ToString(CultureInfo.InvariantCulture) + ",0",
            1 => (linesBefore + 1).ToString(CultureInfo.InvariantCulture),
            _ => (linesBefore + 1).ToString(CultureInfo.InvariantCulture) + "," + count.ToString(CultureInfo.InvariantCulture),
        };
    }
}
