using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Guarded.Ledger.Journal;

/// <summary>
/// Makes a newly created file's name durable: on Unix a file's data can reach the disk while the folder entry that names
/// it does not (a power cut then loses the whole file), until the folder itself is flushed with <c>fsync</c>. Windows
/// (NTFS journals its metadata) needs nothing.
/// </summary>
internal static class FolderFlush
{
    private const int ReadOnly = 0;
    private const int InvalidArgument = 22;
    private const int NotSupported = 95;

    /// <summary>Flushes the folder that holds <paramref name="file"/> to disk.</summary>
    /// <exception cref="IOException">The folder could not be opened or flushed (for example a disk error).</exception>
    internal static void ContainingFolderOf(string file)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            return;
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(file)) ?? "/";
        int descriptor;
        try
        {
            descriptor = Open(folder, ReadOnly);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return; // A Unix without a C library we can call: the file's own flush is all this platform offers us.
        }

        if (descriptor < 0)
        {
            throw new IOException($"Could not open the folder '{folder}' to make the new journal's name durable (errno {Marshal.GetLastWin32Error()}).");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                int error = Marshal.GetLastWin32Error();
                if (error is not (InvalidArgument or NotSupported))
                {
                    // EINVAL/EOPNOTSUPP: this file system does not flush folders (nothing to do); anything else is a failure.
                    throw new IOException($"Could not flush the folder '{folder}' to make the new journal's name durable (errno {error}).");
                }
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
