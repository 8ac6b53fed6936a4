// case: per-thread scratch lookup marked [ThreadStatic]
// quiet
using System;
using System.Collections.Generic;
using System.Threading.Tasks;

public static class SlugCache
{
    [ThreadStatic]
    private static Dictionary<string, string>? t_slugs;

    public static Task<string> SlugAsync(string title) => Task.Run(() => Slug(title));

    private static string Slug(string title)
    {
        var slugs = t_slugs ??= new Dictionary<string, string>();
        if (!slugs.TryGetValue(title, out var slug))
        {
            slug = title.ToLowerInvariant().Replace(' ', '-');
            slugs[title] = slug;
        }

        return slug;
    }
}
