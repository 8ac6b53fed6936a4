using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Guarded.RealWorld;

/// <summary>Recall on the mined race fixes, by shape and by rule: how many races a finding of the right family points at.</summary>
internal sealed class RecallBoard
{
    private readonly IReadOnlyList<RaceOutcome> _outcomes;

    public RecallBoard(IReadOnlyList<RaceOutcome> outcomes) => _outcomes = outcomes;

    public void Write(TextWriter output)
    {
        output.WriteLine("## Recall on mined race fixes");
        output.WriteLine();
        output.WriteLine($"A race is *found* when a finding of its rule family (any rule when it names none) is at its racy lines, give or take {RecallRun.Slack} line, at the racy commit; *right rule* when that finding is the very rule the race names, whose message then explains it. Recall is over the races the check ran on.");
        output.WriteLine();
        Table(output, "Shape", _outcomes.GroupBy(o => o.Race.Shape));
        output.WriteLine();
        Table(output, "Rule", _outcomes.GroupBy(o => o.Race.Rule));
        output.WriteLine();
        output.WriteLine("## Races");
        output.WriteLine();
        foreach (var outcome in _outcomes)
        {
            var race = outcome.Race;
            string lines = string.Join(",", race.Lines.Select(r => r.From == r.To ? $"{r.From}" : $"{r.From}-{r.To}"));
            string what = outcome.Verdict switch
            {
                RaceVerdict.NotRun => $"not run: {outcome.Failure}",
                RaceVerdict.Missed => outcome.InFile.Count == 0 ? "missed (nothing in the file)" : $"missed ({Describe(outcome.InFile)} elsewhere in the file)",
                _ => $"{(outcome.Verdict == RaceVerdict.Found ? "found" : "other family")}: {Describe(outcome.AtLines)}",
            };
            string fidelity = outcome.Fidelity is null ? string.Empty : $" [{outcome.Fidelity}]";
            output.WriteLine($"- #{race.Number} {race.Repository}@{race.RacyCommit[..12]} {race.File}:{lines} {race.Shape} {race.Rule}: {what}{fidelity}");
        }
    }

    private static string Describe(IEnumerable<RealFinding> findings) =>
        string.Join(", ", findings.GroupBy(f => f.Rule).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} at {string.Join("/", g.Select(f => f.Line).Distinct())}"));

    private void Table(TextWriter output, string by, IEnumerable<IGrouping<string, RaceOutcome>> groups)
    {
        output.WriteLine($"| {by} | Races | Run | Found | Right rule | Other family | Missed | Recall |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Row(output, group.Key, group.ToList());
        }

        Row(output, "**All**", _outcomes);
    }

    private static void Row(TextWriter output, string name, IReadOnlyList<RaceOutcome> outcomes)
    {
        int run = outcomes.Count(o => o.Verdict != RaceVerdict.NotRun);
        int found = outcomes.Count(o => o.Verdict == RaceVerdict.Found);
        int right = outcomes.Count(o => o.RightRule);
        int other = outcomes.Count(o => o.Verdict == RaceVerdict.OtherFamily);
        int missed = outcomes.Count(o => o.Verdict == RaceVerdict.Missed);
        string recall = run == 0 ? "–" : $"{100.0 * found / run:0.0} %";
        output.WriteLine($"| {name} | {outcomes.Count} | {run} | {found} | {right} | {other} | {missed} | {recall} |");
    }
}
