using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Guarded.AnalyzerBenchmarks.Generation;

/// <summary>One generated source file.</summary>
public sealed record GeneratedFile(string Path, string Text);

/// <summary>
/// A generated code base: its files, how many real (non-blank) lines they hold, and the findings the generator planted,
/// per rule id. Every planted finding is marked in the text by a <c>// planted: GRDnnn</c> comment on the line the
/// finding starts on, so a test can check rule and line.
/// </summary>
public sealed record GeneratedCodeBase(
    int Seed,
    ImmutableArray<GeneratedFile> Files,
    int RealLines,
    int PhysicalLines,
    int TypeCount,
    ImmutableSortedDictionary<string, int> PlantedByRule)
{
    /// <summary>The marker written on the line of every planted finding.</summary>
    public static readonly Regex PlantedMarker = new(@"//\s*planted:\s*(?<id>GRD\d{3})\s*$", RegexOptions.Compiled | RegexOptions.Multiline);

    /// <summary>Total planted findings.</summary>
    public int PlantedTotal => PlantedByRule.Values.Sum();
}

/// <summary>
/// Generates a deterministic, realistic C# code base of a requested size: services that mix <c>lock</c> blocks,
/// <c>Dictionary</c> and <c>ConcurrentDictionary</c>, async methods with <c>SemaphoreSlim</c>, reader/writer locks,
/// caches, channels, immutable collections and plain single-threaded domain code. About one type in ten carries a
/// race that Guarded reports (each rule's shape taken from the corpus); the rest must stay quiet.
/// </summary>
public static class CodeBaseGenerator
{
    /// <summary>The seed the benchmark uses unless told otherwise.</summary>
    public const int DefaultSeed = 8;

    /// <summary>Real lines per file before the generator starts a new one.</summary>
    private const int LinesPerFile = 400;

    /// <summary>Share of types that carry a planted race, in percent.</summary>
    private const int RacyPercent = 10;

    private static readonly string[] Usings =
    {
        "using System;",
        "using System.Collections.Concurrent;",
        "using System.Collections.Generic;",
        "using System.Collections.Immutable;",
        "using System.Globalization;",
        "using System.Linq;",
        "using System.Text;",
        "using System.Threading;",
        "using System.Threading.Channels;",
        "using System.Threading.Tasks;",
        "using Guarded;",
    };

    /// <summary>Generates a code base of at least <paramref name="realLines"/> non-blank lines.</summary>
    public static GeneratedCodeBase Generate(int realLines, int seed = DefaultSeed)
    {
        if (realLines <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(realLines), realLines, "The size must be positive.");
        }

        var random = new Random(seed);
        var files = ImmutableArray.CreateBuilder<GeneratedFile>();
        var planted = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int total = 0;
        int physical = 0;
        int types = 0;
        int fileIndex = 0;
        int racy = 0;
        while (total < realLines)
        {
            var text = new StringBuilder();
            foreach (string line in Usings)
            {
                text.Append(line).Append('\n');
            }

            text.Append('\n').Append("namespace Generated.Module").Append(fileIndex.ToString("D4", CultureInfo.InvariantCulture)).Append(";\n");
            int fileLines = CountRealLines(text.ToString());
            while (fileLines < LinesPerFile && total + fileLines < realLines)
            {
                var shape = new Shape(random, types);
                // Racy types take the rules in turn, so every Templates.Racy.Length of them cover every rule; quiet ones are drawn at random.
                string type = random.Next(100) < RacyPercent
                    ? Templates.Racy[racy++ % Templates.Racy.Length](shape)
                    : Templates.Quiet[random.Next(Templates.Quiet.Length)](shape);
                text.Append('\n').Append(type.Replace("\r\n", "\n", StringComparison.Ordinal));
                if (!type.EndsWith('\n'))
                {
                    text.Append('\n');
                }

                fileLines += CountRealLines(type);
                types++;
                foreach (Match match in GeneratedCodeBase.PlantedMarker.Matches(type))
                {
                    string id = match.Groups["id"].Value;
                    planted[id] = planted.TryGetValue(id, out int count) ? count + 1 : 1;
                }
            }

            string content = text.ToString();
            total += fileLines;
            physical += content.Count(c => c == '\n');
            files.Add(new GeneratedFile($"Module{fileIndex:D4}.cs", content));
            fileIndex++;
        }

        return new GeneratedCodeBase(seed, files.ToImmutable(), total, physical, types, planted.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    /// <summary>Lines that hold something other than whitespace.</summary>
    public static int CountRealLines(string text)
    {
        int count = 0;
        bool content = false;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                count += content ? 1 : 0;
                content = false;
            }
            else if (!char.IsWhiteSpace(c))
            {
                content = true;
            }
        }

        return count + (content ? 1 : 0);
    }
}

/// <summary>The random choices of one generated type: its unique suffix, key and value types, and extra members.</summary>
public sealed class Shape
{
    private static readonly string[] Keys = { "string", "int", "long", "Guid" };
    private static readonly string[] Nouns =
    {
        "Order", "Invoice", "Session", "Tenant", "Shipment", "Payment", "Report", "Device", "Route", "Ticket",
        "Account", "Basket", "Booking", "Campaign", "Document", "Feed", "Grant", "Job", "Lease", "Quote",
    };

    private readonly Random _random;

    internal Shape(Random random, int index)
    {
        _random = random;
        Index = index;
        Noun = Nouns[random.Next(Nouns.Length)];
        Key = Keys[random.Next(Keys.Length)];
        Name = Noun + index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Sequence number of the type, unique in the code base.</summary>
    public int Index { get; }

    /// <summary>A domain noun (Order, Invoice, …).</summary>
    public string Noun { get; }

    /// <summary>The type name stem, unique: noun plus index.</summary>
    public string Name { get; }

    /// <summary>The key type of the type's collections.</summary>
    public string Key { get; }

    /// <summary>An expression of type <see cref="Key"/> built from the int expression <paramref name="seed"/>.</summary>
    public string KeyFrom(string seed) => Key switch
    {
        "string" => $"\"k\" + ({seed}).ToString(CultureInfo.InvariantCulture)",
        "int" => seed,
        "long" => $"(long)({seed})",
        _ => $"new Guid({seed}, 0, 0, new byte[8])",
    };

    /// <summary>Between <paramref name="min"/> and <paramref name="max"/> single-threaded helper methods (pure: parameters and locals only).</summary>
    public string Helpers(int min, int max)
    {
        int count = _random.Next(min, max + 1);
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            text.Append('\n').Append(Templates.Helpers[_random.Next(Templates.Helpers.Length)](this, i));
        }

        return text.ToString();
    }
}
