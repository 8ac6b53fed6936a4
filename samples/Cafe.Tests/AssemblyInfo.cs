// One Coyote TestingEngine at a time per process.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
