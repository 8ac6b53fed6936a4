// case: serializer options created with the ?? (f = …) idiom in a concurrent exporter
using System.Collections.Generic;
using System.Threading.Tasks;

public sealed class Exporter
{
    private List<string>? _columns;

    public Task ExportAsync(IEnumerable<string> rows) => Task.Run(() => Export(rows));

    private void Export(IEnumerable<string> rows)
    {
        var columns = _columns ?? (_columns = CreateColumns()); // expect: GRD103
        foreach (var row in rows)
        {
            System.Console.WriteLine(string.Join(",", columns) + row);
        }
    }

    private static List<string> CreateColumns() => new List<string> { "id", "name" };
}
