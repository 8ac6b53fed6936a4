using System;
using System.Linq;
using System.Reflection;

namespace Guarded.Runtime.Tests;

public class AnnotationsTests
{
    [Fact]
    public void GuardedBy_and_RequiresGuard_keep_the_guard_name()
    {
        Assert.Equal("_sync", new GuardedByAttribute("_sync").GuardMemberName);
        Assert.Equal("_sync", new RequiresGuardAttribute("_sync").GuardMemberName);
        Assert.Equal("counter is monotonic", new BenignRaceAttribute("counter is monotonic").Justification);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Empty_names_and_justifications_are_rejected(string? value)
    {
        Assert.ThrowsAny<ArgumentException>(() => new GuardedByAttribute(value!));
        Assert.ThrowsAny<ArgumentException>(() => new RequiresGuardAttribute(value!));
        Assert.ThrowsAny<ArgumentException>(() => new BenignRaceAttribute(value!));
    }

    [Fact]
    public void Attribute_usage_matches_the_analyzers_contract()
    {
        Assert.Equal(AttributeTargets.Field | AttributeTargets.Property, Usage<GuardedByAttribute>().ValidOn);
        Assert.Equal(AttributeTargets.Method | AttributeTargets.Property, Usage<RequiresGuardAttribute>().ValidOn);
        Assert.Equal(AttributeTargets.Class | AttributeTargets.Struct, Usage<ThreadSafeAttribute>().ValidOn);
        Assert.Equal(
            AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Method | AttributeTargets.Class,
            Usage<BenignRaceAttribute>().ValidOn);
        Assert.All(
            new[] { typeof(GuardedByAttribute), typeof(RequiresGuardAttribute), typeof(ThreadSafeAttribute), typeof(BenignRaceAttribute) },
            t => Assert.True(t.IsSealed));
    }

    [Fact]
    public void Every_public_type_is_in_the_Guarded_namespace()
    {
        var types = typeof(DoubleCheckedCache<,>).Assembly.GetExportedTypes();
        Assert.All(types, t => Assert.Equal("Guarded", t.Namespace));
    }

    private static AttributeUsageAttribute Usage<T>() => typeof(T).GetCustomAttributes<AttributeUsageAttribute>().Single();
}
