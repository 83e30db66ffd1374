using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static Il6Bot.Testing.Fuzz.FuzzText;

namespace Il6Bot.Testing.Fuzz;

/// <summary>
/// Interaction bodies for fuzzing <c>POST /discord/interactions</c>: a valid interaction (pings, commands and
/// autocompletes of every command and subcommand, member or DM, moderator or not, fresh ids) put through a few
/// JSON-aware mutations (a value replaced by null, a huge number, an odd string, an array or object; a property
/// removed or added; an array element repeated; a type renumbered) and, for a share, byte-level damage. The same
/// <see cref="Random"/> seed gives the same body. Linked into the bench's fuzz mode too.
/// </summary>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Test data, not security.")]
public static class DiscordFuzzBodies
{
    /// <summary>Guild and channel the bodies use; the host under test should know them.</summary>
    public const string Guild = "900";
    public const string Channel = "100";

    private static readonly string[] JsonKeys =
    [
        "type", "name", "options", "value", "focused", "data", "member", "user", "id", "guild_id", "channel_id", "permissions",
        "application_id", "token", "custom_id", "version", "locale",
    ];

    /// <summary>An interaction, mutated (or, now and then, left valid).</summary>
    public static byte[] Create(Random random, int caseNumber)
    {
        JsonNode interaction = Interaction(random, caseNumber);
        for (var i = random.Next(4); i > 0; i--)
        {
            interaction = MutateJson(random, interaction);
        }

        var body = Encoding.UTF8.GetBytes(interaction.ToJsonString());
        return Finish(random, body, Encoding.UTF8.GetBytes(Interaction(new Random(caseNumber), caseNumber).ToJsonString()));
    }

    /// <summary>Byte-level damage to a share of the bodies; a body that came to name Slack's own hosts is replaced.</summary>

    private static JsonObject Interaction(Random random, int caseNumber)
    {
        var moderator = random.Next(4) != 0;
        var (type, data) = random.Next(10) switch
        {
            0 => (1, null),
            1 => (4, Command("il6", Option("topic", 3, Pick(random, CommandTexts), focused: true))),
            2 => (4, Command("nudge", Subcommand("schedule", Option(Pick(random, ["day", "timezone", "channel"]), 3, Pick(random, Words), focused: true)))),
            3 => (3, new JsonObject { ["custom_id"] = "x", ["component_type"] = 2 }),
            4 or 5 => (2, Command("il6", random.Next(3) == 0 ? null : Option("topic", 3, Pick(random, CommandTexts)))),
            _ => (2, Command("nudge", NudgeSubcommand(random))),
        };
        var id = (1_100_000_000_000_000_000L + caseNumber).ToString(CultureInfo.InvariantCulture);
        var interaction = new JsonObject
        {
            ["id"] = id,
            ["application_id"] = "777",
            ["type"] = type,
            ["token"] = "fuzz-token-" + id,
            ["version"] = 1,
            ["data"] = data,
        };
        if (random.Next(6) == 0)
        {
            interaction["user"] = new JsonObject { ["id"] = "42", ["username"] = "dm" };
        }
        else
        {
            interaction["guild_id"] = Guild;
            interaction["channel_id"] = Channel;
            interaction["member"] = new JsonObject
            {
                ["user"] = new JsonObject { ["id"] = "42", ["username"] = "someone" },
                ["permissions"] = moderator ? "32" : "2048",
            };
        }

        return interaction;
    }

    private static JsonObject NudgeSubcommand(Random random) => random.Next(8) switch
    {
        0 => Subcommand("schedule", Option("channel", 7, Channel), Option("day", 3, Pick(random, ["mon", "fri", "someday"])), Option("time", 3, Pick(random, ["09:00", "18:30", "25:00"])), Option("timezone", 3, Pick(random, ["Europe/Berlin", "UTC", "Mars/Base"]))),
        1 => Subcommand("list"),
        2 => Subcommand("cancel", Option("id", 3, Pick(random, ["n1", "n2", "x"]))),
        3 => Subcommand("pause", Option("id", 3, "n1")),
        4 => Subcommand("resume", Option("id", 3, "n1")),
        5 => Subcommand("preview"),
        6 => Subcommand("send", Option("channel", 7, Channel)),
        _ => Subcommand(Pick(random, Words)),
    };

    private static JsonObject Command(string name, JsonObject? option) =>
        new() { ["id"] = "1", ["name"] = name, ["type"] = 1, ["options"] = option is null ? new JsonArray() : new JsonArray(option) };

    private static JsonObject Subcommand(string name, params JsonObject[] options) =>
        new() { ["name"] = name, ["type"] = 1, ["options"] = new JsonArray([.. options]) };

    private static JsonObject Option(string name, int type, string value, bool focused = false)
    {
        var option = new JsonObject { ["name"] = name, ["type"] = type, ["value"] = value };
        if (focused)
        {
            option["focused"] = true;
        }

        return option;
    }

    private static JsonNode MutateJson(Random random, JsonNode root)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[random.Next(nodes.Count)];
        var parent = target.Parent;
        switch (random.Next(7))
        {
            case 0 or 1 when parent is not null:
                Replace(target, RandomJson(random, depth: 0));
                break;
            case 2 when parent is JsonObject obj:
                obj.Remove(target.GetPropertyName());
                break;
            case 2 when parent is JsonArray array:
                array.Remove(target);
                break;
            case 3 when target is JsonObject obj:
                obj[Pick(random, JsonKeys)] = RandomJson(random, depth: 0);
                break;
            case 4 when target is JsonArray array:
                array.Add(array.Count > 0 && random.Next(2) == 0 ? array[random.Next(array.Count)]?.DeepClone() : RandomJson(random, depth: 0));
                break;
            case 5 when target is JsonObject obj && obj.ContainsKey("type"):
                obj["type"] = random.Next(-2, 12);
                break;
            case 6 when parent is null:
                return RandomJson(random, depth: 0) ?? JsonValue.Create(0);
            default:
                if (parent is not null)
                {
                    Replace(target, RandomJson(random, depth: 0));
                }

                break;
        }

        return root;
    }

    private static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children.ToList())
        {
            if (child is not null)
            {
                Collect(child, nodes);
            }
        }
    }

    private static void Replace(JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject obj:
                obj[target.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = replacement;
                break;
        }
    }

    private static JsonNode? RandomJson(Random random, int depth) => random.Next(depth > 3 ? 8 : 12) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(Pick(random, new long[] { 0, -1, 1, 2, 3, 4, 7, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue })),
        3 => JsonNode.Parse(Pick(random, ["1e309", "-0.0", "1.5", "123456789012345678901234567890", "1E-400"])),
        4 or 5 => JsonValue.Create(RandomText(random)),
        6 => JsonValue.Create(Pick(random, Words)),
        7 => JsonValue.Create(new string('9', random.Next(1, random.Next(2) == 0 ? 40 : 5000))),
        8 => new JsonArray(),
        9 => new JsonObject(),
        10 => new JsonArray([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomJson(random, depth + 1))]),
        _ => new JsonObject(Enumerable.Range(0, random.Next(1, 4)).Select(_ => KeyValuePair.Create(Pick(random, JsonKeys), RandomJson(random, depth + 1))).DistinctBy(p => p.Key)),
    };
}
