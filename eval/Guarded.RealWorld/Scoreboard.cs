using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Guarded.RealWorld;

/// <summary>Counts of findings by verdict, for one rule, one code base or all of them.</summary>
internal sealed class Tally
{
    public int Findings { get; private set; }

    public int TrueRace { get; private set; }

    public int BenignWorthFix { get; private set; }

    public int Benign { get; private set; }

    public int FalsePositive { get; private set; }

    public int Unlabelled => Findings - Labelled;

    public int Labelled => TrueRace + BenignWorthFix + Benign + FalsePositive;

    /// <summary>False positives among the labelled findings; null when none is labelled.</summary>
    public double? FalsePositiveShare => Labelled == 0 ? null : (double)FalsePositive / Labelled;

    /// <summary>True races and benign races worth a fix among the labelled findings; null when none is labelled.</summary>
    public double? WorthFixingShare => Labelled == 0 ? null : (double)(TrueRace + BenignWorthFix) / Labelled;

    /// <summary>Adds every count of <paramref name="other"/>.</summary>
    public void AddRange(Tally other)
    {
        Findings += other.Findings;
        TrueRace += other.TrueRace;
        BenignWorthFix += other.BenignWorthFix;
        Benign += other.Benign;
        FalsePositive += other.FalsePositive;
    }

    public void Add(Verdict? verdict)
    {
        Findings++;
        switch (verdict)
        {
            case Verdict.TrueRace: TrueRace++; break;
            case Verdict.BenignWorthFix: BenignWorthFix++; break;
            case Verdict.Benign: Benign++; break;
            case Verdict.FalsePositive: FalsePositive++; break;
        }
    }
}

/// <summary>
/// The findings of a run matched against the labels: precision by rule and by code base, the findings that have no
/// label yet, and the labels whose finding is no longer reported.
/// </summary>
internal sealed class Scoreboard
{
    private Scoreboard(
        SortedDictionary<string, Tally> byRule,
        SortedDictionary<string, Tally> byCodebase,
        Tally total,
        IReadOnlyList<RealFinding> unlabelled,
        IReadOnlyList<Label> gone,
        IReadOnlyList<RealFinding> crashes,
        IReadOnlyList<CheckOutcome> outcomes)
    {
        ByRule = byRule;
        ByCodebase = byCodebase;
        Total = total;
        Unlabelled = unlabelled;
        Gone = gone;
        Crashes = crashes;
        Outcomes = outcomes;
    }

    public SortedDictionary<string, Tally> ByRule { get; }

    public SortedDictionary<string, Tally> ByCodebase { get; }

    public Tally Total { get; }

    /// <summary>The findings of the rules that are on by default: what a user sees without configuring anything.</summary>
    public Tally DefaultRules { get; private init; } = new();

    /// <summary>Findings that no label matches: new since the labels were written, or moved.</summary>
    public IReadOnlyList<RealFinding> Unlabelled { get; }

    /// <summary>Labels of code bases that ran whose finding was not reported this time.</summary>
    public IReadOnlyList<Label> Gone { get; }

    /// <summary>Analyzer exceptions (AD0001): bugs, never scored.</summary>
    public IReadOnlyList<RealFinding> Crashes { get; }

    public IReadOnlyList<CheckOutcome> Outcomes { get; }

    private System.Func<string, bool> IsOnByDefault { get; init; } = Rules.IsOnByDefault;

    /// <summary>Scores <paramref name="outcomes"/>; by code base, only the findings of rules on by default count.</summary>
    public static Scoreboard Score(IReadOnlyList<CheckOutcome> outcomes, IReadOnlyList<Label> labels, System.Func<string, bool>? isOnByDefault = null)
    {
        isOnByDefault ??= Rules.IsOnByDefault;
        var defaults = new Tally();
        var byKey = labels.ToDictionary(label => label.Key);
        var byRule = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var byCodebase = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var total = new Tally();
        var unlabelled = new List<RealFinding>();
        var crashes = new List<RealFinding>();
        var reported = new HashSet<FindingKey>();
        foreach (CheckOutcome outcome in outcomes)
        {
            byCodebase.TryAdd(outcome.Codebase.Name, new Tally());
            foreach (RealFinding finding in outcome.Findings)
            {
                if (finding.Rule == CheckRun.AnalyzerException)
                {
                    crashes.Add(finding);
                    continue;
                }

                reported.Add(finding.Key);
                Verdict? verdict = byKey.TryGetValue(finding.Key, out Label? label) ? label.Verdict : null;
                if (verdict is null)
                {
                    unlabelled.Add(finding);
                }

                if (!byRule.TryGetValue(finding.Rule, out Tally? rule))
                {
                    byRule[finding.Rule] = rule = new Tally();
                }

                rule.Add(verdict);
                total.Add(verdict);
                if (isOnByDefault(finding.Rule))
                {
                    byCodebase[outcome.Codebase.Name].Add(verdict);
                    defaults.Add(verdict);
                }
            }
        }

        var ran = outcomes.Where(o => o.Failure is null).Select(o => o.Codebase.Name).ToHashSet(StringComparer.Ordinal);
        var gone = labels.Where(label => ran.Contains(label.Codebase) && !reported.Contains(label.Key)).ToList();
        return new Scoreboard(byRule, byCodebase, total, unlabelled, gone, crashes, outcomes) { DefaultRules = defaults, IsOnByDefault = isOnByDefault };
    }

    /// <summary>Writes the tables and the label changes as Markdown.</summary>
    public void Write(TextWriter writer)
    {
        writer.WriteLine("## Precision by rule");
        writer.WriteLine();
        writer.WriteLine($"| Rule | Findings | True race | Benign, worth a fix | Benign | False positive | Unlabelled | FP % | Worth fixing % |");
        writer.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, tally) in ByRule)
        {
            WriteRow(writer, IsOnByDefault(name) ? name : name + " (off by default)", tally);
        }

        WriteRow(writer, "**Rules on by default**", DefaultRules);
        WriteRow(writer, "**All rules**", Total);
        writer.WriteLine();
        writer.WriteLine("## Precision by code base (rules on by default)");
        writer.WriteLine();
        WriteTable(writer, "Code base", ByCodebase);
        writer.WriteLine();
        writer.WriteLine("FP % and worth-fixing % are shares of the labelled findings (true race + benign race worth a fix = worth fixing).");

        WriteList(writer, "## Checked with a partial build", Outcomes.Where(o => o.Fidelity is not null).Select(o => $"{o.Codebase.Name}: {o.Fidelity}"));
        WriteList(writer, "## Not run", Outcomes.Where(o => o.Failure is not null).Select(o => $"{o.Codebase.Name}: {o.Failure}"));

        writer.WriteLine();
        writer.WriteLine($"## Label changes: {Unlabelled.Count} unlabelled, {Gone.Count} gone");
        WriteList(
            writer,
            "Reported, with no label (label them in eval/labels/):",
            Unlabelled.Select(f => $"new {f.Codebase} {f.File}:{f.Line} {f.Rule}: {OneLine(f.Message)}"));
        WriteList(
            writer,
            "Labelled, no longer reported:",
            Gone.Select(l => $"gone {l.Codebase} {l.File}:{l.Line} {l.Rule} (was {Label.WordOf(l.Verdict)}): {l.Reason}"));

        writer.WriteLine();
        writer.WriteLine($"## Analyzer exceptions (AD0001): {Crashes.Count}");
        foreach (RealFinding crash in Crashes)
        {
            writer.WriteLine($"- {crash.Codebase} {crash.File}:{crash.Line}: {OneLine(crash.Message)}");
        }
    }

    /// <summary>The unlabelled findings as label lines with the label <c>?</c> and the message as the reason, for triage.</summary>
    public IEnumerable<string> PendingLines(IReadOnlyList<Codebase> codebases)
    {
        foreach (RealFinding finding in Unlabelled)
        {
            Codebase codebase = codebases.First(c => c.Name == finding.Codebase);
            yield return string.Join('\t', finding.Codebase, codebase.Repository, codebase.Commit, finding.File, finding.Line.ToString(CultureInfo.InvariantCulture), finding.Rule, "?", OneLine(finding.Message));
        }
    }

    /// <summary>Writes <paramref name="heading"/> and one bullet per item, or nothing when there is no item.</summary>
    private static void WriteList(TextWriter writer, string heading, IEnumerable<string> items)
    {
        var lines = items.ToList();
        if (lines.Count == 0)
        {
            return;
        }

        writer.WriteLine();
        writer.WriteLine(heading);
        writer.WriteLine();
        foreach (string line in lines)
        {
            writer.WriteLine("- " + line);
        }
    }

    private static void WriteTable(TextWriter writer, string heading, SortedDictionary<string, Tally> rows)
    {
        writer.WriteLine($"| {heading} | Findings | True race | Benign, worth a fix | Benign | False positive | Unlabelled | FP % | Worth fixing % |");
        writer.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, tally) in rows)
        {
            WriteRow(writer, name, tally);
        }

        WriteRow(writer, "**All**", rows.Values.Aggregate(new Tally(), Sum));
    }

    private static Tally Sum(Tally sum, Tally tally)
    {
        sum.AddRange(tally);
        return sum;
    }

    private static void WriteRow(TextWriter writer, string name, Tally tally) =>
        writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {tally.Findings} | {tally.TrueRace} | {tally.BenignWorthFix} | {tally.Benign} | {tally.FalsePositive} | {tally.Unlabelled} | {Percent(tally.FalsePositiveShare)} | {Percent(tally.WorthFixingShare)} |"));

    private static string Percent(double? share) => share is { } value ? (value * 100).ToString("0.0", CultureInfo.InvariantCulture) : "–";

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
