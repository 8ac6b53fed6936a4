// case: a static byte total added to after each send, on a connection whose sends take a lock
public sealed class Channel
{
    private static long s_bytesOut;
    private readonly object _sendLock = new object();

    public void Send(byte[] frame)
    {
        try
        {
            lock (_sendLock)
            {
                Write(frame);
            }
        }
        finally
        {
            s_bytesOut = s_bytesOut + frame.Length; // expect: GRD403
        }
    }

    private static void Write(byte[] frame)
    {
    }
}
