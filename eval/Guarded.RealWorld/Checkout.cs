using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Guarded.RealWorld;

/// <summary>
/// Finds or makes the local checkout of a code base at its pinned commit: an existing work tree
/// (<c>CHECKOUTS/owner+name</c>, a git clone at the commit, or a tree this tool extracted), else an extraction from a
/// bare mirror (<c>MIRRORS/owner+name/repo</c>, <c>MIRRORS/owner+name.git</c> or <c>MIRRORS/owner+name</c>) of the root
/// files, the project's folder and the code base's listed folders. Blobs a partial mirror lacks (large binaries)
/// are skipped.
/// </summary>
internal static class Checkout
{
    /// <summary>The file an extraction leaves in the tree, holding the commit it was extracted at.</summary>
    public const string Marker = ".guarded-eval-commit";

    /// <summary>The checkout's root folder; throws <see cref="CheckoutException"/> when there is none at the commit and no mirror to make one.</summary>
    public static string Ensure(Codebase codebase, string checkoutsRoot, string? mirrorsRoot)
    {
        string tree = Path.Combine(checkoutsRoot, codebase.Folder);
        string marker = Path.Combine(tree, Marker);
        if (File.Exists(marker))
        {
            string extracted = File.ReadAllText(marker).Trim();
            if (extracted == codebase.Commit)
            {
                return tree;
            }

            throw new CheckoutException($"{tree} was extracted at {extracted}, not at the pinned {codebase.Commit}; delete it to extract again.");
        }

        if (Directory.Exists(Path.Combine(tree, ".git")))
        {
            string head = Git(tree, "rev-parse HEAD").Trim();
            return head == codebase.Commit
                ? tree
                : throw new CheckoutException($"{tree} is a clone at {head}, not at the pinned {codebase.Commit} (git -C {tree} checkout {codebase.Commit}).");
        }

        if (Directory.Exists(tree) && Directory.EnumerateFileSystemEntries(tree).Any())
        {
            throw new CheckoutException($"{tree} exists but is neither a git clone nor an extraction of this tool; move it away.");
        }

        string mirror = FindMirror(codebase, mirrorsRoot)
            ?? throw new CheckoutException(
                $"no checkout of {codebase.Repository} in {checkoutsRoot} and no mirror in {mirrorsRoot ?? "(no --mirrors given)"}: " +
                $"git clone --bare https://github.com/{codebase.Repository} {Path.Combine(mirrorsRoot ?? "MIRRORS", codebase.Folder + ".git")}");
        Extract(codebase, mirror, tree);
        File.WriteAllText(marker, codebase.Commit + Environment.NewLine);
        return tree;
    }

    private static string? FindMirror(Codebase codebase, string? mirrorsRoot) => FindMirror(codebase.Folder, mirrorsRoot);

    /// <summary>The bare mirror of the repository whose checkout folder is <paramref name="folder"/> (<c>owner+name</c>), or null.</summary>
    internal static string? FindMirror(string folder, string? mirrorsRoot)
    {
        if (mirrorsRoot is null)
        {
            return null;
        }

        string[] candidates =
        [
            Path.Combine(mirrorsRoot, folder, "repo"),
            Path.Combine(mirrorsRoot, folder + ".git"),
            Path.Combine(mirrorsRoot, folder),
        ];
        return candidates.FirstOrDefault(candidate => File.Exists(Path.Combine(candidate, "HEAD")));
    }

    private static void Extract(Codebase codebase, string mirror, string tree)
    {
        if (TryGit(mirror, $"cat-file -e {codebase.Commit}^{{commit}}").ExitCode != 0)
        {
            throw new CheckoutException($"the mirror {mirror} does not hold commit {codebase.Commit} of {codebase.Repository}.");
        }

        var shas = new List<(string Sha, string Path)>();
        foreach (string entry in Lines(Git(mirror, $"ls-tree -r {codebase.Commit}")))
        {
            string[] parts = entry.Split('\t', 2);
            string[] meta = parts[0].Split(' ');
            if (meta.Length == 3 && meta[1] == "blob")
            {
                shas.Add((meta[2], parts[1]));
            }
        }

        // A partial mirror lacks some blobs (large binaries): ask for all at once, and leave out those it lacks.
        string[] answers = Lines(Git(mirror, "cat-file --batch-check", string.Join('\n', shas.Select(s => s.Sha)) + "\n")).ToArray();
        var missing = shas.Where((entry, index) => index >= answers.Length || answers[index].EndsWith(" missing", StringComparison.Ordinal))
            .Select(entry => Quote(":(exclude,literal)" + entry.Path));

        Directory.CreateDirectory(tree);
        string archive = Path.Combine(Path.GetTempPath(), $"guarded-eval-{Guid.NewGuid():N}.tar");
        try
        {
            Git(mirror, $"archive --format=tar -o {Quote(archive)} {codebase.Commit} -- . {string.Join(' ', missing)}");
            Run("tar", $"-xf {Quote(archive)} -C {Quote(tree)}", workingDirectory: tree);
        }
        catch
        {
            Directory.Delete(tree, recursive: true);
            throw;
        }
        finally
        {
            File.Delete(archive);
        }
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r'));

    private static string Quote(string value) => "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    internal static string Git(string gitDirectoryOrTree, string arguments, string? input = null)
    {
        ProcessResult result = TryGit(gitDirectoryOrTree, arguments, input);
        return result.ExitCode == 0
            ? result.Output
            : throw new CheckoutException($"git {arguments} failed in {gitDirectoryOrTree} (exit {result.ExitCode}): {result.Error.Trim()}");
    }

    private static ProcessResult TryGit(string gitDirectoryOrTree, string arguments, string? input = null)
    {
        string where = File.Exists(Path.Combine(gitDirectoryOrTree, "HEAD")) && !Directory.Exists(Path.Combine(gitDirectoryOrTree, ".git"))
            ? $"--git-dir={Quote(gitDirectoryOrTree)}"
            : $"-C {Quote(gitDirectoryOrTree)}";
        return ProcessResult.Run("git", $"{where} {arguments}", input: input);
    }

    private static void Run(string fileName, string arguments, string workingDirectory)
    {
        ProcessResult result = ProcessResult.Run(fileName, arguments, workingDirectory);
        if (result.ExitCode != 0)
        {
            throw new CheckoutException($"{fileName} {arguments} failed (exit {result.ExitCode}): {result.Error.Trim()}");
        }
    }
}

/// <summary>What a finished child process printed and how it exited.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>Runs <paramref name="fileName"/> to its end, feeding it <paramref name="input"/> if given.</summary>
    public static ProcessResult Run(string fileName, string arguments, string? workingDirectory = null, string? input = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        using Process process = Process.Start(start) ?? throw new CheckoutException($"cannot start {fileName}");
        // Both pipes are drained while the input is written, or a child that answers as it reads would block.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>A code base could not be checked out at its commit; the message says how to get it.</summary>
internal sealed class CheckoutException(string message) : Exception(message);
