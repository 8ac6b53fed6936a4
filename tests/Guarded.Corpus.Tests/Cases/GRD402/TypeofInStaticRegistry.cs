// case: a static registry locks typeof(itself), a Type object any code in the process can lock
using System;
using System.Collections.Generic;

public static class CodecRegistry
{
    private static readonly Dictionary<string, Func<byte[], string>> s_codecs = new Dictionary<string, Func<byte[], string>>();

    public static void Register(string name, Func<byte[], string> codec)
    {
        lock (typeof(CodecRegistry)) // expect: GRD402
        {
            s_codecs[name] = codec;
        }
    }

    public static Func<byte[], string>? Find(string name)
    {
        lock (typeof(CodecRegistry)) // expect: GRD402
        {
            return s_codecs.TryGetValue(name, out var codec) ? codec : null;
        }
    }
}
