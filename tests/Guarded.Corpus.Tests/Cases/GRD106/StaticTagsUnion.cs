// case: static tag set merged with Union
using System.Collections.Generic;
using System.Collections.Immutable;

public static class KnownTags
{
    private static ImmutableSortedSet<string> s_tags = ImmutableSortedSet<string>.Empty;

    public static void Learn(IEnumerable<string> more)
    {
        s_tags = s_tags.Union(more); // expect: GRD106
    }
}
