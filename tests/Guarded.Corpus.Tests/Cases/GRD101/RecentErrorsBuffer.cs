// case: bounded buffer of recent errors trimmed without the lock its writer takes
using System.Collections.Generic;

public sealed class RecentErrors
{
    private const int Capacity = 50;
    private readonly object _gate = new object();
    private readonly List<string> _errors = new List<string>();

    public void Record(string error)
    {
        if (_errors.Count >= Capacity) // expect: GRD101
        {
            _errors.RemoveAt(0);
        }

        lock (_gate)
        {
            _errors.Add(error);
        }
    }
}
