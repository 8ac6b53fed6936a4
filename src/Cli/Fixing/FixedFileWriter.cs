using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Guarded.Cli.Fixing;

/// <summary>Turns fixed text into the bytes of its file, keeping the file's encoding (and BOM) and its line breaks.</summary>
internal static class FixedFileWriter
{
    /// <summary>
    /// The text to write: lines the fix kept keep their own line break, new lines get the file's dominant one (code
    /// fixes format with the platform's newline, which must not leak into a CRLF file or vice versa).
    /// </summary>
    public static string PreserveLineBreaks(string oldText, string newText)
    {
        List<TextLine> oldLines = TextLine.Split(oldText);
        List<TextLine> newLines = TextLine.Split(newText);
        string? dominant = oldLines
            .Where(l => l.Terminator.Length > 0)
            .GroupBy(l => l.Terminator, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .FirstOrDefault();
        if (dominant is null)
        {
            return newText;
        }

        var result = new StringBuilder(newText.Length + 64);
        foreach (DiffEdit edit in LineDiff.Compute(TextLine.Keys(oldLines), TextLine.Keys(newLines)))
        {
            if (edit.Kind == DiffKind.Delete)
            {
                continue;
            }

            TextLine line = newLines[edit.NewIndex];
            string terminator = line.Terminator.Length == 0 ? string.Empty
                : edit.Kind == DiffKind.Equal && oldLines[edit.OldIndex].Terminator.Length > 0 ? oldLines[edit.OldIndex].Terminator
                : dominant;
            result.Append(line.Content).Append(terminator);
        }

        return result.ToString();
    }

    /// <summary>The encoding of <paramref name="bytes"/> by its byte order mark; UTF-8 without one.</summary>
    public static Encoding DetectEncoding(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: true);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: true);
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }

    /// <summary>
    /// The bytes of <paramref name="fixedText"/> for a file whose bytes are <paramref name="original"/> now: in the
    /// file's encoding (and byte order mark), with the file's line breaks (<see cref="PreserveLineBreaks"/>).
    /// </summary>
    public static byte[] Encode(byte[] original, string fixedText)
    {
        Encoding encoding = DetectEncoding(original);
        int preamble = encoding.GetPreamble().Length;
        string current = encoding.GetString(original, preamble, original.Length - preamble);
        string text = PreserveLineBreaks(current, fixedText);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text)];
    }
}
