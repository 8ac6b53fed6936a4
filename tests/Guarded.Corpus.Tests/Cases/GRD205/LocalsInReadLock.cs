// case: read section builds a result in locals only
// quiet
using System.Collections.Generic;
using System.Threading;

public sealed class ScoreBoard
{
    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
    private readonly Dictionary<string, int> _scores = new Dictionary<string, int>();

    public List<string> Leaders(int min)
    {
        _lock.EnterReadLock();
        try
        {
            var leaders = new List<string>();
            foreach (var pair in _scores)
            {
                if (pair.Value >= min)
                {
                    leaders.Add(pair.Key);
                }
            }

            return leaders;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Set(string player, int score)
    {
        _lock.EnterWriteLock();
        try
        {
            _scores[player] = score;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
