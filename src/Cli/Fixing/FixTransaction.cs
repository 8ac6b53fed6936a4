using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Guarded.Cli.Fixing;

/// <summary>The files <c>guarded fix</c> rewrites: the file system by default; tests put one that fails in its place.</summary>
internal interface IFixTargetFiles
{
    /// <summary>The file's bytes.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    byte[] Read(string path);

    /// <summary>Why <paramref name="path"/> cannot be rewritten (marked read-only, not accessible), or null when it can.</summary>
    string? WhyNotWritable(string path);

    /// <summary>Replaces the file's contents in one step: a temporary file beside it, renamed over it.</summary>
    /// <exception cref="IOException">The contents could not be written (the disk is full, the file is locked).</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder may not be written.</exception>
    void Replace(string path, byte[] contents);
}

/// <summary>The files on disk.</summary>
internal sealed class FileSystemFixTargets : IFixTargetFiles
{
    /// <inheritdoc/>
    public byte[] Read(string path) => File.ReadAllBytes(path);

    /// <inheritdoc/>
    public string? WhyNotWritable(string path)
    {
        try
        {
            if ((File.GetAttributes(path) & FileAttributes.ReadOnly) != 0)
            {
                return "the file is read-only";
            }

            // Opening for writing without changing anything finds what the attributes do not say (permissions, locks).
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
            {
            }

            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return exception.Message;
        }
    }

    /// <inheritdoc/>
    public void Replace(string path, byte[] contents)
    {
        string temporary = path + ".guarded-fix.tmp";
        try
        {
            File.WriteAllBytes(temporary, contents);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The temporary file is left beside the original; the original itself was never touched.
        }
    }
}

/// <summary>What <see cref="FixTransaction.WriteAll"/> did.</summary>
/// <param name="Written">The files now holding their fixed text, in the order written; empty when anything failed.</param>
/// <param name="Errors">Why nothing was written (every unwritable file, or the write that failed and the rollback), one line each.</param>
internal sealed record FixWriteResult(IReadOnlyList<string> Written, IReadOnlyList<string> Errors);

/// <summary>
/// Writes every fixed file or none: it checks that each target can be written before it writes any, writes each one
/// whole (temporary file, then rename), and when a write fails it puts back the files it already wrote.
/// </summary>
internal static class FixTransaction
{
    /// <summary>Writes <paramref name="files"/>, keeping each file's encoding and line breaks, all or nothing.</summary>
    public static FixWriteResult WriteAll(IReadOnlyList<FixedFile> files, IFixTargetFiles targets)
    {
        var errors = files
            .Select(file => (file.Path, Reason: targets.WhyNotWritable(file.Path)))
            .Where(check => check.Reason is not null)
            .Select(check => $"cannot write '{check.Path}': {check.Reason}")
            .ToList();
        if (errors.Count > 0)
        {
            errors.Add("nothing was written");
            return new FixWriteResult([], errors);
        }

        var originals = new List<byte[]>(files.Count);
        try
        {
            originals.AddRange(files.Select(file => targets.Read(file.Path)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new FixWriteResult([], [$"cannot read a file to fix: {exception.Message}", "nothing was written"]);
        }

        var written = new List<string>(files.Count);
        for (int i = 0; i < files.Count; i++)
        {
            try
            {
                targets.Replace(files[i].Path, FixedFileWriter.Encode(originals[i], files[i].FixedText));
                written.Add(files[i].Path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return new FixWriteResult([], RollBack(files, originals, written.Count, $"cannot write '{files[i].Path}': {exception.Message}", targets));
            }
        }

        return new FixWriteResult(written, []);
    }

    /// <summary>Puts the first <paramref name="writtenCount"/> files back as they were, newest first.</summary>
    private static List<string> RollBack(IReadOnlyList<FixedFile> files, List<byte[]> originals, int writtenCount, string failure, IFixTargetFiles targets)
    {
        var errors = new List<string> { failure };
        int restored = 0;
        for (int i = writtenCount - 1; i >= 0; i--)
        {
            try
            {
                targets.Replace(files[i].Path, originals[i]);
                restored++;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                errors.Add($"cannot restore '{files[i].Path}', which now holds its fixed text: {exception.Message}");
            }
        }

        errors.Add(restored == writtenCount
            ? $"nothing was changed ({restored} file{(restored == 1 ? string.Empty : "s")} already written {(restored == 1 ? "was" : "were")} restored)"
            : $"{writtenCount - restored} of {writtenCount} files already written could not be restored");
        return errors;
    }
}
