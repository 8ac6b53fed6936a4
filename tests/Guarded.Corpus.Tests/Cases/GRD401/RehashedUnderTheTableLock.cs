// case: the bucket lock is replaced, but only under the table's readonly lock, and every bucket lock is taken inside it
// quiet
public sealed class Shard
{
    private readonly object _table = new object();
    private object _bucket = new object();
    private int _items;
    private int _generation;

    public void Add()
    {
        lock (_table)
        {
            lock (_bucket)
            {
                _items++;
            }
        }
    }

    public void Rehash()
    {
        lock (_table)
        {
            _bucket = new object();
            _generation++;
        }
    }
}
