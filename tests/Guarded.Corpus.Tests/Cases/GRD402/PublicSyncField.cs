// case: a public lock field of a public class: any caller can take the lock and stall the class
using System.Collections.Generic;

public class Scoreboard
{
    public readonly object Sync = new object();
    private readonly Dictionary<string, int> _scores = new Dictionary<string, int>();

    public void Score(string team)
    {
        lock (Sync) // expect: GRD402
        {
            _scores[team] = _scores.TryGetValue(team, out var points) ? points + 1 : 1;
        }
    }
}
