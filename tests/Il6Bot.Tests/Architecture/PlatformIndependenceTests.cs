using System.Reflection;
using System.Text.RegularExpressions;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Slack;
using Il6Bot.Slack.WebApi;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Architecture;

/// <summary>
/// The command engine, content, nudges and the message model must never see a platform type: adapters
/// translate, the core decides. These tests fail as soon as someone takes the shortcut.
/// </summary>
public sealed partial class PlatformIndependenceTests
{
    /// <summary>The adapters and the composition root; every other folder (and namespace) of src/Il6Bot is core.</summary>
    private static readonly string[] NonCoreFolders = ["Discord", "Slack", "LocalConsole", "Hosting", "bin", "obj"];

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
        foreach (var file in CoreSourceFiles())
        {
            var text = File.ReadAllText(file);
            offenders.AddRange(PlatformNamespaces.Where(ns => text.Contains(ns + ".", StringComparison.Ordinal) || text.Contains("using " + ns + ";", StringComparison.Ordinal))
                .Select(ns => $"{Path.GetRelativePath(RepoPaths.Root, file)} uses {ns}"));
        }

        Assert.Empty(offenders);
    }

    /// <summary>
    /// A platform is not named in the core's code at all (comments and message texts aside): no adapter type, no
    /// Discord- or Slack-named member (a nonce window, a limit), no <c>Platform.Discord</c>-style test. What a
    /// platform offers reaches the core as data, e.g. <see cref="Il6Bot.Features.Nudges.Delivery.DeliveryGuarantees"/>.
    /// </summary>
    [Fact]
    public void Core_code_names_no_platform()
    {
        var platformTypes = typeof(Il6Bot.Commands.CommandEngine).Assembly.GetTypes()
            .Where(t => IsPlatform(t) && !t.IsNested)
            .Select(t => t.Name.Split('`')[0])
            .Where(name => name.All(c => char.IsLetterOrDigit(c) || c == '_'))
            .ToHashSet(StringComparer.Ordinal);
        var offenders = new List<string>();
        foreach (var file in CoreSourceFiles())
        {
            var code = CSharpCode.Of(File.ReadAllText(file));
            if (PlatformEnum().IsMatch(code))
            {
                // The one place the core lists the platforms: as keys, with no behaviour attached.
                continue;
            }

            foreach (Match match in Identifier().Matches(code))
            {
                var name = match.Value;
                if (platformTypes.Contains(name) || name.StartsWith("Discord", StringComparison.Ordinal) || name.StartsWith("Slack", StringComparison.Ordinal))
                {
                    offenders.Add($"{Path.GetRelativePath(RepoPaths.Root, file)} names {name}");
                }
            }

            foreach (Match match in PlatformMember().Matches(code))
            {
                if (Enum.TryParse<Platform>(match.Groups["member"].Value, out _))
                {
                    offenders.Add($"{Path.GetRelativePath(RepoPaths.Root, file)} tests {match.Value}");
                }
            }
        }

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders.Distinct()));
    }

    [Theory]
    [InlineData("var w = DiscordNonceWindow;", true)]
    [InlineData("if (p == Platform.Slack) { }", true)]
    [InlineData("if (p == Platform . Console) { }", true)]
    [InlineData("var s = $\"{(p == Platform.Discord ? 1 : 2)}\";", true)]
    [InlineData("var s = $\"{Name($\"x{SlackLimits.Max}\")}\";", true)]
    [InlineData("// Discord caps a nonce at 25 characters\nvar n = 25;", false)]
    [InlineData("var s = \"on Slack, Platform.Discord\"; var c = '\"'; var p = Platform.Parse(s);", false)]
    [InlineData("var s = @\"a \"\"Discord\"\" b\"; /* SlackApiClient */ var t = $\"{{Slack}}\";", false)]
    [InlineData("var s = \"\"\"\n  Platform.Slack \"quoted\"\n  \"\"\";", false)]
    public void The_rule_reads_code_not_prose(string source, bool offends)
    {
        var code = CSharpCode.Of(source);
        var found = Identifier().Matches(code).Any(m => m.Value.StartsWith("Discord", StringComparison.Ordinal) || m.Value.StartsWith("Slack", StringComparison.Ordinal))
            || PlatformMember().Matches(code).Any(m => Enum.TryParse<Platform>(m.Groups["member"].Value, out _));

        Assert.Equal(offends, found);
    }

    private static IEnumerable<string> CoreSourceFiles() =>
        Directory.EnumerateDirectories(Path.Combine(RepoPaths.Root, "src", "Il6Bot"))
            .Where(dir => !NonCoreFolders.Contains(Path.GetFileName(dir), StringComparer.Ordinal))
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories));

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\s*namespace\s+[\w.]+;\s*public\s+enum\s+Platform\s*\{[\w\s,]*\}\s*$")]
    private static partial Regex PlatformEnum();

    [GeneratedRegex(@"\bPlatform\s*\.\s*(?<member>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex PlatformMember();

    private static bool IsCore(Type type) =>
        type.Namespace is { } ns && ns.StartsWith("Il6Bot.", StringComparison.Ordinal)
        && !NonCoreFolders.Contains(ns.Split('.')[1], StringComparer.Ordinal);

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
