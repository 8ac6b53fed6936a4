// case: single-threaded email builder creates its recipient list on demand
// quiet
using System.Collections.Generic;

public sealed class EmailBuilder
{
    private List<string>? _recipients;
    private string _subject = string.Empty;

    public EmailBuilder To(string address)
    {
        _recipients ??= new List<string>();
        _recipients.Add(address);
        return this;
    }

    public EmailBuilder Subject(string subject)
    {
        _subject = subject;
        return this;
    }

    public string Build() => _subject + " -> " + string.Join(";", _recipients ?? new List<string>());
}
