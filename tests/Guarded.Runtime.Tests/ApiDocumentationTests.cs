using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;

namespace Guarded.Runtime.Tests;

/// <summary>
/// Keeps the runtime's promise that its XML docs name every exception: each public or protected method and constructor
/// that takes an argument documents at least one <c>&lt;exception&gt;</c>, or is listed below with the reason it
/// cannot throw.
/// </summary>
public class ApiDocumentationTests
{
    /// <summary>Members that take arguments but cannot throw, by documentation id, each with the reason.</summary>
    private static readonly Dictionary<string, string> CannotThrow = new()
    {
        ["M:Guarded.SessionLockTimeoutException.#ctor(System.String)"] = "an exception constructor only stores its message",
        ["M:Guarded.SessionLockTimeoutException.#ctor(System.String,System.Exception)"] = "an exception constructor only stores its arguments",
        ["M:Guarded.SessionLockTimeoutException.#ctor(System.Object,System.TimeSpan)"] = "an exception constructor only stores its arguments",
        ["M:Guarded.LedgerJournalCorruptException.#ctor(System.Int64,System.Int64,System.Int64,System.String)"] = "an exception constructor only stores its arguments",
        ["M:Guarded.SessionLocksStatistics.#ctor(System.Int64,System.Int64,System.Int64,System.Int64,System.Int64)"] = "a snapshot constructor only stores the counts",
        ["M:Guarded.DoubleCheckedCacheStatistics.#ctor(System.Nullable{System.Int64},System.Int64,System.Int64,System.Int64,System.Int64,System.Int64)"] = "a snapshot constructor only stores the counts",
        ["M:Guarded.VersionedLedgerStatistics.#ctor(System.Int64,System.Int64,System.Int64)"] = "a snapshot constructor only stores the counts",
        ["M:Guarded.LedgerEntry`1.#ctor(`0,System.Int64,System.DateTimeOffset)"] = "a value constructor only stores its arguments",
        ["M:Guarded.LedgerDecision`1.Commit(`0)"] = "any state may be committed",
        ["M:Guarded.VersionedLedger`2.#ctor(Guarded.VersionedLedgerOptions{`0,`1})"] = "an in-memory ledger accepts any options (a durable one is opened with VersionedLedger.Open)",
    };

    private static readonly Assembly Runtime = typeof(SessionLocks<>).Assembly;

    [Fact]
    public void Every_public_method_with_arguments_documents_its_exceptions()
    {
        var docs = LoadDocumentation(Runtime);
        var missing = new List<string>();
        var needlesslyAllowed = new List<string>();
        var members = PublicMembersWithArguments(Runtime).ToList();
        Assert.True(members.Count > 40, $"Only {members.Count} members found: the reflection walk is broken.");
        foreach (var member in members)
        {
            string id = DocumentationId(member);
            if (!docs.TryGetValue(id, out var doc))
            {
                missing.Add(id + " (no XML doc at all)");
                continue;
            }

            bool documentsExceptions = doc.Elements("exception").Any() || InheritsExceptions(member, doc, docs);
            if (CannotThrow.ContainsKey(id))
            {
                if (documentsExceptions)
                {
                    needlesslyAllowed.Add(id);
                }
            }
            else if (!documentsExceptions)
            {
                missing.Add(id);
            }
        }

        Assert.True(missing.Count == 0, "Document the exceptions (<exception cref=\"...\">) of:\n  " + string.Join("\n  ", missing));
        Assert.True(needlesslyAllowed.Count == 0, "These members document exceptions; remove them from CannotThrow:\n  " + string.Join("\n  ", needlesslyAllowed));
    }

    [Fact]
    public void Every_allow_listed_member_exists()
    {
        var ids = PublicMembersWithArguments(Runtime).Select(DocumentationId).ToHashSet(StringComparer.Ordinal);
        var stale = CannotThrow.Keys.Where(id => !ids.Contains(id)).ToList();
        Assert.True(stale.Count == 0, "CannotThrow names members that do not exist (or take no arguments):\n  " + string.Join("\n  ", stale));
    }

    [Fact]
    public void Documentation_ids_match_the_compilers()
    {
        // The check above is only as good as the ids it computes: spot-check the tricky shapes against the XML file.
        var docs = LoadDocumentation(Runtime);
        var getOrAdd = typeof(DoubleCheckedCache<,>).GetMethods().Single(m => m.Name == "GetOrAdd" && m.IsGenericMethodDefinition);
        var tryAcquire = typeof(SessionLocks<>).GetMethods().Single(m => m.Name == "TryAcquire" && m.GetParameters().Length == 3);
        var open = typeof(VersionedLedger).GetMethod("Open")!;
        Assert.Equal("M:Guarded.DoubleCheckedCache`2.GetOrAdd``1(`0,System.Func{`0,``0,`1},``0)", DocumentationId(getOrAdd));
        Assert.Equal("M:Guarded.SessionLocks`1.TryAcquire(`0,System.TimeSpan,Guarded.SessionLock@)", DocumentationId(tryAcquire));
        Assert.Equal("M:Guarded.VersionedLedger.Open``2(System.String,Guarded.ILedgerCodec{``0,``1},Guarded.VersionedLedgerOptions{``0,``1})", DocumentationId(open));
        Assert.All(new MethodBase[] { getOrAdd, tryAcquire, open }, m => Assert.True(docs.ContainsKey(DocumentationId(m))));
    }

    private static IEnumerable<MethodBase> PublicMembersWithArguments(Assembly assembly)
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetExportedTypes().Where(t => !typeof(Delegate).IsAssignableFrom(t)))
        {
            // Property and event accessors are documented on the property; the runtime's options validate in constructors.
            var methods = type.GetMethods(Declared).Where(m => !m.IsSpecialName).Cast<MethodBase>();
            var constructors = type.GetConstructors(Declared).Cast<MethodBase>();
            foreach (var member in methods.Concat(constructors))
            {
                bool visible = member.IsPublic || ((member.IsFamily || member.IsFamilyOrAssembly) && !type.IsSealed);
                if (visible && member.GetParameters().Length > 0)
                {
                    yield return member;
                }
            }
        }
    }

    /// <summary>An <c>&lt;inheritdoc/&gt;</c> member counts the exceptions of the interface member it implements.</summary>
    private static bool InheritsExceptions(MethodBase member, XElement doc, Dictionary<string, XElement> docs)
    {
        if (doc.Element("inheritdoc") is null || member is not MethodInfo method || method.DeclaringType is not { } type)
        {
            return false;
        }

        foreach (var contract in type.GetInterfaces())
        {
            var map = type.GetInterfaceMap(contract);
            int index = Array.IndexOf(map.TargetMethods, method);
            if (index >= 0
                && docs.TryGetValue(DocumentationId(map.InterfaceMethods[index]), out var inherited)
                && inherited.Elements("exception").Any())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Loads the documentation file the build writes beside the assembly (the project reference copies it here).</summary>
    private static Dictionary<string, XElement> LoadDocumentation(Assembly assembly)
    {
        string path = Path.ChangeExtension(assembly.Location, ".xml");
        Assert.True(File.Exists(path), "The runtime's XML documentation was not copied beside it: " + path);
        return XDocument.Load(path).Root!.Element("members")!.Elements("member")
            .ToDictionary(m => (string)m.Attribute("name")!, StringComparer.Ordinal);
    }

    /// <summary>The member's documentation id, as the C# compiler writes it (ECMA-334 annex D).</summary>
    private static string DocumentationId(MethodBase member)
    {
        string name = member.IsConstructor ? "#ctor" : member.Name;
        if (member is MethodInfo { IsGenericMethodDefinition: true } generic)
        {
            name += "``" + generic.GetGenericArguments().Length;
        }

        var parameters = member.GetParameters();
        string list = parameters.Length == 0 ? string.Empty : "(" + string.Join(",", parameters.Select(p => TypeId(p.ParameterType))) + ")";
        return "M:" + TypeName(member.DeclaringType!) + "." + name + list;
    }

    private static string TypeName(Type type) =>
        (type.IsNested ? TypeName(type.DeclaringType!) + "." : type.Namespace + ".") + type.Name;

    private static string TypeId(Type type)
    {
        if (type.IsByRef)
        {
            return TypeId(type.GetElementType()!) + "@";
        }

        if (type.IsArray)
        {
            return TypeId(type.GetElementType()!) + (type.GetArrayRank() == 1 ? "[]" : "[" + string.Join(",", Enumerable.Repeat("0:", type.GetArrayRank())) + "]");
        }

        if (type.IsPointer)
        {
            return TypeId(type.GetElementType()!) + "*";
        }

        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        }

        if (!type.IsGenericType)
        {
            return TypeName(type);
        }

        string definition = TypeName(type.GetGenericTypeDefinition());
        return definition.Substring(0, definition.LastIndexOf('`')) + "{" + string.Join(",", type.GetGenericArguments().Select(TypeId)) + "}";
    }
}
