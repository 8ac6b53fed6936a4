// case: [ThreadSafe] codec creates its encoder with an is-null check without braces
using System.Text;
using Guarded;

[ThreadSafe]
public sealed class MessageCodec
{
    private Encoding? _encoding;

    public byte[] Encode(string message)
    {
        if (_encoding is null) // expect: GRD103
            _encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        return _encoding.GetBytes(message);
    }
}
