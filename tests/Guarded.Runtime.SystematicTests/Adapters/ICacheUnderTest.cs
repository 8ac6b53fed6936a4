using System;
using System.Threading;
using System.Threading.Tasks;

namespace Guarded.Runtime.SystematicTests.Adapters;

/// <summary>
/// What the cache scenarios need from a double-checked cache: <see cref="RuntimeCache"/> adapts the real
/// <c>DoubleCheckedCache</c>, the classes in <c>Broken/</c> model broken algorithms. Keys are strings, values ints.
/// </summary>
internal interface ICacheUnderTest
{
    int GetOrAdd(string key, Func<string, int> factory);

    Task<int> GetOrAddAsync(string key, Func<string, CancellationToken, Task<int>> factory, CancellationToken cancellationToken);

    bool TryGet(string key, out int value);

    void Invalidate(string key);
}
