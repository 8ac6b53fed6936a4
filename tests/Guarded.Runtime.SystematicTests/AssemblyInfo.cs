using Xunit;

// One Coyote TestingEngine at a time per process: engines running side by side share the runtime's static state
// (for example the metrics registry's lock) across their controlled runtimes, which Coyote reports as a bug
// ("Accessing 'lock(...)' that was created in a previous test iteration"). Also, the machines are small.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
