// case: two members lock the same interned string, once as a constant and once as a literal
public sealed class InvoiceNumbers
{
    private const string SequenceLock = "invoice-sequence";
    private static int s_next;

    public int Next()
    {
        lock (SequenceLock) // expect: GRD402
        {
            return ++s_next;
        }
    }

    public void Restart(int from)
    {
        lock ("invoice-sequence") // expect: GRD402
        {
            s_next = from;
        }
    }
}
