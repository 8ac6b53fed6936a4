// case: double-checked '??=' under the lock in a local function; the field is written once and only read after
// quiet
public sealed class DriverAdapter
{
    private static readonly object s_gate = new object();
    private static DriverAdapter? s_native;

    private DriverAdapter(string name) => Name = name;

    public string Name { get; }

    public static DriverAdapter GetInstance()
    {
        return Native();

        static DriverAdapter Native()
        {
            if (s_native == null)
            {
                lock (s_gate)
                {
                    s_native ??= new DriverAdapter("native");
                }
            }

            return s_native;
        }
    }
}
