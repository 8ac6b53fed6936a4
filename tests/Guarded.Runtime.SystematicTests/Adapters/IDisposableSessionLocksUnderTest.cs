using System;

namespace Guarded.Runtime.SystematicTests.Adapters;

/// <summary>A per-key lock registry that can be disposed while callers wait (the disposal scenario's view).</summary>
internal interface IDisposableSessionLocksUnderTest : ISessionLocksUnderTest, IDisposable
{
}
