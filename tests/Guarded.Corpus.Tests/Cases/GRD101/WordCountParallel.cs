// case: word counts accumulated from a Parallel.ForEach body
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class WordCounter
{
    private readonly Dictionary<string, int> _counts = new Dictionary<string, int>();

    public void CountAll(IEnumerable<string> documents)
    {
        Parallel.ForEach(documents, document =>
        {
            foreach (var word in document.Split(' '))
            {
                Add(word);
            }
        });
    }

    private void Add(string word)
    {
        if (_counts.TryGetValue(word, out var count)) // expect: GRD101
        {
            _counts[word] = count + 1;
        }
        else
        {
            _counts[word] = 1;
        }
    }
}
