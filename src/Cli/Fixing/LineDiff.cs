using System;
using System.Collections.Generic;

namespace Guarded.Cli.Fixing;

/// <summary>What a <see cref="DiffEdit"/> does to a line.</summary>
internal enum DiffKind
{
    /// <summary>The line is in both texts.</summary>
    Equal,

    /// <summary>The line is only in the old text.</summary>
    Delete,

    /// <summary>The line is only in the new text.</summary>
    Insert,
}

/// <summary>One step of a line diff.</summary>
/// <param name="Kind">Kept, deleted or inserted.</param>
/// <param name="OldIndex">0-based line in the old text (-1 for an insertion).</param>
/// <param name="NewIndex">0-based line in the new text (-1 for a deletion).</param>
internal readonly record struct DiffEdit(DiffKind Kind, int OldIndex, int NewIndex);

/// <summary>
/// A shortest line diff (Myers' O(ND) algorithm) after trimming the common prefix and suffix, which is where code fixes
/// leave most of a file.
/// </summary>
internal static class LineDiff
{
    /// <summary>The most path-trace entries kept (about 200 MB) before falling back to replacing the changed middle.</summary>
    private const long TraceLimit = 50_000_000;

    /// <summary>The edits turning <paramref name="oldLines"/> into <paramref name="newLines"/>, in order.</summary>
    public static IReadOnlyList<DiffEdit> Compute(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        int prefix = 0;
        while (prefix < oldLines.Count && prefix < newLines.Count && string.Equals(oldLines[prefix], newLines[prefix], StringComparison.Ordinal))
        {
            prefix++;
        }

        int suffix = 0;
        while (suffix < oldLines.Count - prefix && suffix < newLines.Count - prefix
            && string.Equals(oldLines[oldLines.Count - 1 - suffix], newLines[newLines.Count - 1 - suffix], StringComparison.Ordinal))
        {
            suffix++;
        }

        var edits = new List<DiffEdit>(Math.Max(oldLines.Count, newLines.Count));
        for (int i = 0; i < prefix; i++)
        {
            edits.Add(new DiffEdit(DiffKind.Equal, i, i));
        }

        Middle(oldLines, newLines, prefix, oldLines.Count - prefix - suffix, newLines.Count - prefix - suffix, edits);

        for (int i = 0; i < suffix; i++)
        {
            edits.Add(new DiffEdit(DiffKind.Equal, oldLines.Count - suffix + i, newLines.Count - suffix + i));
        }

        return edits;
    }

    /// <summary>Myers' greedy forward search with a trace of the furthest-reaching paths, then a backtrack.</summary>
    private static void Middle(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines, int offset, int n, int m, List<DiffEdit> edits)
    {
        int max = n + m;
        int shift = max + 1;
        var v = new int[(2 * max) + 3];
        var trace = new List<int[]>();
        int found = -1;
        for (int d = 0; d <= max && found < 0; d++)
        {
            if ((long)(d + 1) * v.Length > TraceLimit)
            {
                // Pathological: almost everything changed. Replacing the whole middle is a correct (if longer) diff.
                for (int i = 0; i < n; i++)
                {
                    edits.Add(new DiffEdit(DiffKind.Delete, offset + i, -1));
                }

                for (int j = 0; j < m; j++)
                {
                    edits.Add(new DiffEdit(DiffKind.Insert, -1, offset + j));
                }

                return;
            }

            trace.Add((int[])v.Clone());
            for (int k = -d; k <= d; k += 2)
            {
                int x = k == -d || (k != d && v[shift + k - 1] < v[shift + k + 1]) ? v[shift + k + 1] : v[shift + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && string.Equals(oldLines[offset + x], newLines[offset + y], StringComparison.Ordinal))
                {
                    x++;
                    y++;
                }

                v[shift + k] = x;
                if (x >= n && y >= m)
                {
                    found = d;
                    break;
                }
            }
        }

        var reversed = new List<DiffEdit>();
        int cx = n;
        int cy = m;
        for (int d = Math.Max(found, 0); d > 0; d--)
        {
            int[] previous = trace[d];
            int k = cx - cy;
            int previousK = k == -d || (k != d && previous[shift + k - 1] < previous[shift + k + 1]) ? k + 1 : k - 1;
            int previousX = previous[shift + previousK];
            int previousY = previousX - previousK;
            while (cx > previousX && cy > previousY)
            {
                cx--;
                cy--;
                reversed.Add(new DiffEdit(DiffKind.Equal, offset + cx, offset + cy));
            }

            if (cx == previousX)
            {
                cy--;
                reversed.Add(new DiffEdit(DiffKind.Insert, -1, offset + cy));
            }
            else
            {
                cx--;
                reversed.Add(new DiffEdit(DiffKind.Delete, offset + cx, -1));
            }
        }

        while (cx > 0 && cy > 0)
        {
            cx--;
            cy--;
            reversed.Add(new DiffEdit(DiffKind.Equal, offset + cx, offset + cy));
        }

        reversed.Reverse();
        edits.AddRange(reversed);
    }
}
