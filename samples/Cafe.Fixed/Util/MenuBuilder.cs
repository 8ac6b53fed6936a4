namespace Cafe.Util;

/// <summary>A menu item with its price.</summary>
public sealed record MenuItem(string Name, string Category, decimal Price);

/// <summary>
/// Builds the menu for one shop from configuration. Used once at start-up on a single thread; the built menu is
/// immutable.
/// </summary>
public sealed class MenuBuilder
{
    private readonly Dictionary<string, List<MenuItem>> _byCategory = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds an item; a later item with the same name is ignored.</summary>
    public MenuBuilder Add(string name, string category, decimal price)
    {
        if (_names.Contains(name))
        {
            return this;
        }

        _names.Add(name);
        if (!_byCategory.ContainsKey(category))
        {
            _byCategory.Add(category, new List<MenuItem>());
        }

        _byCategory[category].Add(new MenuItem(name, category, price));
        return this;
    }

    /// <summary>Returns the menu grouped by category, categories and items in alphabetical order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MenuItem>> Build()
    {
        var menu = new SortedDictionary<string, IReadOnlyList<MenuItem>>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, List<MenuItem>> category in _byCategory)
        {
            menu[category.Key] = category.Value.OrderBy(item => item.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }

        return menu;
    }
}
