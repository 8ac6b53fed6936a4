// case: FAQ answers looked up with ContainsKey then the indexer in a conditional
using System.Collections.Concurrent;

public sealed class FaqAnswers
{
    private readonly ConcurrentDictionary<string, string> _answers = new ConcurrentDictionary<string, string>();

    public void Learn(string question, string answer) => _answers[question] = answer;

    public void Forget(string question) => _answers.TryRemove(question, out _);

    public string Describe(string question) =>
        _answers.ContainsKey(question) ? _answers[question] : "unknown"; // expect: GRD102
}
