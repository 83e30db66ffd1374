using System.Reflection;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Architecture;

/// <summary>
/// The command engine, content, nudges and the message model must never see a platform type: adapters
/// translate, the core decides. These tests fail as soon as someone takes the shortcut.
/// </summary>
public sealed class PlatformIndependenceTests
{
    private static readonly string[] CoreNamespaces = ["Il6Bot.Commands", "Il6Bot.Content", "Il6Bot.Nudges", "Il6Bot.Messages", "Il6Bot.Search"];
    private static readonly string[] PlatformNamespaces = ["Il6Bot.Discord", "Il6Bot.Slack", "Il6Bot.LocalConsole"];

    [Fact]
    public void Core_type_signatures_reference_no_platform_type()
    {
        var offenders = new List<string>();
        foreach (var type in typeof(Il6Bot.Commands.CommandEngine).Assembly.GetTypes().Where(IsCore))
        {
            foreach (var referenced in ReferencedTypes(type))
            {
                if (IsPlatform(referenced))
                {
                    offenders.Add($"{type.FullName} -> {referenced.FullName}");
                }
            }
        }

        Assert.Empty(offenders);
    }

    [Fact]
    public void Core_source_files_import_no_platform_namespace()
    {
        var offenders = new List<string>();
        foreach (var folder in new[] { "Commands", "Content", "Nudges", "Messages", "Search" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", "Il6Bot", folder), "*.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                offenders.AddRange(PlatformNamespaces.Where(ns => text.Contains(ns + ".", StringComparison.Ordinal) || text.Contains("using " + ns + ";", StringComparison.Ordinal))
                    .Select(ns => $"{Path.GetRelativePath(RepoPaths.Root, file)} uses {ns}"));
            }
        }

        Assert.Empty(offenders);
    }

    private static bool IsCore(Type type) =>
        type.Namespace is { } ns && CoreNamespaces.Any(core => ns == core || ns.StartsWith(core + ".", StringComparison.Ordinal));

    private static bool IsPlatform(Type type) =>
        type.Namespace is { } ns && PlatformNamespaces.Any(p => ns == p || ns.StartsWith(p + ".", StringComparison.Ordinal));

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }
        }

        return direct.OfType<Type>().SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            foreach (var t in Expand(element))
            {
                yield return t;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return t;
            }
        }
    }
}
