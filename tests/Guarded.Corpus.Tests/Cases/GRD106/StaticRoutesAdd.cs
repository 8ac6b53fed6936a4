// case: static route list extended at runtime
using System.Collections.Immutable;

public static class Routes
{
    private static ImmutableList<string> s_routes = ImmutableList<string>.Empty;

    public static void Map(string route)
    {
        s_routes = s_routes.Add(route); // expect: GRD106
    }

    public static bool IsMapped(string route) => s_routes.Contains(route);
}
