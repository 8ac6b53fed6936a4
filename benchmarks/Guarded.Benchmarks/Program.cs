using System;
using BenchmarkDotNet.Running;
using Guarded.Benchmarks;

if (args.Length > 0 && args[0] == "storm")
{
    MissStormHarness.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(MissStormHarness).Assembly).Run(args);
