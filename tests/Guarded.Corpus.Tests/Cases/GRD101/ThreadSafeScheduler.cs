// case: [ThreadSafe] scheduler registers one job per deadline
using System;
using System.Collections.Generic;
using Guarded;

[ThreadSafe]
public sealed class DeadlineScheduler
{
    private readonly SortedDictionary<DateTime, string> _byDeadline = new SortedDictionary<DateTime, string>();

    public bool Schedule(DateTime deadline, string job)
    {
        if (_byDeadline.ContainsKey(deadline)) // expect: GRD101
        {
            return false;
        }

        _byDeadline.Add(deadline, job);
        return true;
    }
}
