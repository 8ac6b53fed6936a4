// case: ThreadLocal buffer lazily created per thread in a parallel exporter
// quiet
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

public sealed class CsvExporter
{
    private readonly ThreadLocal<List<string>?> _row = new ThreadLocal<List<string>?>();

    public void ExportAll(IEnumerable<string[]> records) => Parallel.ForEach(records, Write);

    private void Write(string[] record)
    {
        if (_row.Value == null)
        {
            _row.Value = new List<string>();
        }

        _row.Value.Clear();
        _row.Value.AddRange(record);
    }
}
