using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Guarded.Runtime.PostgreSql.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster started from the machine's own binaries (<c>initdb</c> + <c>pg_ctl</c>) in a temporary
/// directory, on a free loopback port, stopped and deleted on <see cref="Dispose"/>. Never a mock.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root: when this process is root, the directory is handed to the <c>postgres</c> user and
/// the binaries run through <c>runuser -u postgres --</c>. The binaries are looked up in <c>GUARDED_PG_BIN</c> when it is
/// set (and only there), else on the PATH, in <c>/usr/local/bin</c> and in <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (newest first). Also linked into the
/// benchmarks project.
/// </remarks>
public sealed class PostgresServer : IDisposable
{
    private readonly string _directory;
    private readonly string _binaries;
    private readonly bool _asPostgresUser;
    private bool _running;

    private PostgresServer(string binaries, string directory, bool asPostgresUser, int port, bool durable)
    {
        _binaries = binaries;
        _directory = directory;
        _asPostgresUser = asPostgresUser;
        Port = port;
        Durable = durable;
    }

    /// <summary>Gets the directory of the PostgreSQL binaries found, or null.</summary>
    public static string? BinDirectory { get; } = FindBinaries();

    /// <summary>Gets why PostgreSQL tests are skipped, or null when the binaries exist.</summary>
    public static string? MissingReason => BinDirectory is null
        ? Environment.GetEnvironmentVariable("GUARDED_PG_BIN") is { Length: > 0 } configured
            ? $"No PostgreSQL server binaries (initdb, pg_ctl) in GUARDED_PG_BIN={configured}."
            : "No PostgreSQL server binaries (initdb, pg_ctl) found on the PATH, in /usr/local/bin or in /usr/lib/postgresql/*/bin: install PostgreSQL (for example Debian's postgresql package) to run the PostgreSQL backend tests."
        : null;

    /// <summary>Gets the TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Gets whether the cluster runs with <c>fsync</c> on (as in production) rather than off (tests).</summary>
    public bool Durable { get; }

    /// <summary>Gets an Npgsql connection string for the cluster's <c>postgres</c> database as the <c>guarded</c> superuser.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=guarded;Database=postgres;Maximum Pool Size=200;Timeout=30;Command Timeout=120";

    /// <summary>Initializes and starts a cluster; throws with the server log when that fails.</summary>
    /// <param name="durable">Run with <c>fsync</c> on (benchmarks) instead of off (tests).</param>
    /// <returns>The running server.</returns>
    public static PostgresServer Start(bool durable = false)
    {
        string bin = BinDirectory ?? throw new InvalidOperationException(MissingReason);
        bool asPostgresUser = IsRoot();
        string directory = Directory.CreateTempSubdirectory("guarded-pg-").FullName;
        try
        {
            if (asPostgresUser)
            {
                Run("chown", ["postgres:", directory], asPostgresUser: false);
            }

            string data = Path.Combine(directory, "data");
            Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "guarded", "-A", "trust", "-E", "UTF8", "--no-sync"], asPostgresUser);
            Exception? last = null;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                int port = FreePort();
                var server = new PostgresServer(bin, directory, asPostgresUser, port, durable);
                try
                {
                    server.StartOnPort(data);
                    return server;
                }
                catch (InvalidOperationException exception)
                {
                    last = exception; // most likely the port was taken between probing and binding: try another one
                }
            }

            throw new InvalidOperationException("Could not start PostgreSQL.", last);
        }
        catch
        {
            TryDelete(directory);
            throw;
        }
    }

    /// <summary>Stops the server (immediate mode) and deletes its directory.</summary>
    public void Dispose()
    {
        if (_running)
        {
            _running = false;
            try
            {
                Run(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], _asPostgresUser);
            }
            catch (InvalidOperationException)
            {
                // Already gone; the directory is removed below either way.
            }
        }

        TryDelete(_directory);
    }

    private static bool IsRoot() => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() ? geteuid() == 0 : false;

    [DllImport("libc")]
    private static extern uint geteuid();

    private static string? FindBinaries()
    {
        var candidates = new System.Collections.Generic.List<string>();
        if (Environment.GetEnvironmentVariable("GUARDED_PG_BIN") is { Length: > 0 } configured)
        {
            // An explicit choice is the only candidate (GUARDED_PG_BIN=/nonexistent runs the suite as on a machine without PostgreSQL).
            return File.Exists(Path.Combine(configured, "initdb")) && File.Exists(Path.Combine(configured, "pg_ctl")) ? configured : null;
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        candidates.Add("/usr/local/bin");
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out int v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string Run(string file, string[] arguments, bool asPostgresUser)
    {
        var start = new ProcessStartInfo(asPostgresUser ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} did not finish within 120 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }

        return stdout.Result;
    }

    private void StartOnPort(string data)
    {
        string log = Path.Combine(_directory, "server.log");
        string settings = $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync={(Durable ? "on" : "off")}";
        try
        {
            Run(Path.Combine(_binaries, "pg_ctl"), ["-D", data, "-o", settings, "-l", log, "-w", "-t", "60", "start"], _asPostgresUser);
            _running = true;
        }
        catch (InvalidOperationException exception)
        {
            string tail = File.Exists(log) ? File.ReadAllText(log, Encoding.UTF8) : "(no server log)";
            throw new InvalidOperationException(exception.Message + "\nserver log:\n" + tail, exception);
        }
    }
}
