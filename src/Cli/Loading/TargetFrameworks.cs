using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace Guarded.Cli.Loading;

/// <summary>Target framework monikers as MSBuildWorkspace reports them, and which one to analyse by default.</summary>
internal static class TargetFrameworks
{
    private static readonly Regex ProjectNameFramework = new(@"\((?<tfm>[^()]+)\)$", RegexOptions.CultureInvariant);

    private static readonly Regex Moniker = new(
        @"^(?<family>net|netcoreapp|netstandard)(?<version>\d+(\.\d+)*)(-.+)?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>The framework of a multi-targeting project's workspace name, <c>Lib(net8.0)</c>; null when it has none.</summary>
    public static string? FromProjectName(string projectName)
    {
        Match match = ProjectNameFramework.Match(projectName);
        return match.Success ? match.Groups["tfm"].Value : null;
    }

    /// <summary>
    /// The framework analysed when none is chosen: the newest .NET (Core) one, the code most callers run, then the
    /// newest .NET Standard, then the newest .NET Framework; unknown monikers last, in their declared order.
    /// </summary>
    public static string PickDefault(IReadOnlyList<string> frameworks)
    {
        if (frameworks.Count == 0)
        {
            throw new ArgumentException("A project targets at least one framework.", nameof(frameworks));
        }

        return frameworks
            .Select((framework, index) => (Framework: framework, Index: index, Rank: Rank(framework)))
            .OrderByDescending(f => f.Rank.Family)
            .ThenByDescending(f => f.Rank.Version)
            .ThenBy(f => f.Index)
            .First()
            .Framework;
    }

    /// <summary>3 for .NET 5+ and .NET Core, 2 for .NET Standard, 1 for .NET Framework, 0 for anything else.</summary>
    private static (int Family, Version Version) Rank(string framework)
    {
        Match match = Moniker.Match(framework);
        if (!match.Success)
        {
            return (0, new Version(0, 0));
        }

        string family = match.Groups["family"].Value.ToLowerInvariant();
        string digits = match.Groups["version"].Value;
        if (family == "net" && !digits.Contains('.', StringComparison.Ordinal))
        {
            // net48, net472: .NET Framework monikers carry no dots.
            string padded = digits.PadRight(3, '0');
            var version = new Version(
                int.Parse(padded[..1], CultureInfo.InvariantCulture),
                int.Parse(padded.Substring(1, 1), CultureInfo.InvariantCulture),
                int.Parse(padded[2..], CultureInfo.InvariantCulture));
            return (1, version);
        }

        var parsed = Version.Parse(digits.Contains('.', StringComparison.Ordinal) ? digits : digits + ".0");
        return (family == "netstandard" ? 2 : 3, parsed);
    }
}
