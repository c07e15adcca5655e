using System.Text.Json.Nodes;

namespace Keyward.Sandbox.State;

/// <summary>One resource's items in creation order, indexed by id; a page is the items after a cursor.</summary>
/// <remarks>Not thread-safe: <see cref="SandboxState"/> guards every access with its lock.</remarks>
internal sealed class ResourceCollection
{
    private readonly List<JsonObject> _items = [];
    private readonly Dictionary<string, JsonObject> _byId = new(StringComparer.Ordinal);

    public ResourceCollection(string idField = "id")
    {
        IdField = idField;
    }

    /// <summary>Gets the field that identifies an item: <c>id</c>, or <c>email</c> for accounts.</summary>
    public string IdField { get; }

    public int Count => _items.Count;

    public IEnumerable<JsonObject> Items => _items;

    public void Add(JsonObject item)
    {
        _items.Add(item);
        _byId[Id(item)] = item;
    }

    public bool TryGet(string id, out JsonObject item) => _byId.TryGetValue(id, out item!);

    public bool Remove(string id)
    {
        if (!_byId.Remove(id, out var item))
        {
            return false;
        }

        _items.Remove(item);
        return true;
    }

    public int RemoveAll(Func<JsonObject, bool> match)
    {
        var removed = _items.Where(match).ToArray();
        foreach (var item in removed)
        {
            Remove(Id(item));
        }

        return removed.Length;
    }

    /// <summary>Returns up to <paramref name="limit"/> matching items after the one with id
    /// <paramref name="startingAfter"/>, and the cursor of the next page when more match.</summary>
    public (IReadOnlyList<JsonObject> Items, string? Next) Page(
        Func<JsonObject, bool> filter, int limit, string? startingAfter, bool newestFirst = false)
    {
        IEnumerable<JsonObject> ordered = newestFirst ? Enumerable.Reverse(_items) : _items;
        if (startingAfter is not null)
        {
            ordered = ordered.SkipWhile(i => Id(i) != startingAfter).Skip(1);
        }

        var page = ordered.Where(filter).Take(limit + 1).ToList();
        if (page.Count <= limit)
        {
            return (page, null);
        }

        page.RemoveAt(limit);
        return (page, Id(page[^1]));
    }

    public JsonArray ToJson() => new([.. _items.Select(i => i.DeepClone())]);

    /// <summary>The item's id as text: a string id as is, a numeric one (Salesloft) in invariant digits.</summary>
    private string Id(JsonObject item) => item[IdField]!.ToString();
}
