using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Il6Bot.Tests.Hosting;

/// <summary>
/// Request bodies for fuzzing the two HTTP endpoints, each from a <see cref="Random"/>: a valid slash command or
/// interaction (every command and subcommand, moderator or not, with fresh ids) put through a few mutations
/// that know the format (a field or JSON value replaced by something odd, removed, repeated, retyped) or do not
/// (bytes flipped, inserted, cut). The same seed gives the same body. Shared with the bench's fuzz mode
/// (bench/Il6Bot.Bench links this file).
/// </summary>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Test data, not security.")]
public static class FuzzBodies
{
    /// <summary>Team, channel and moderator the bodies use; the host under test should know them.</summary>
    public const string SlackTeam = "T1";
    public const string SlackChannel = "C123";
    public const string SlackModerator = "UMOD1";
    public const string DiscordGuild = "900";
    public const string DiscordChannel = "100";

    private static readonly string[] SlackCommands = ["/il6", "/nudge", "/NUDGE", "/il6 ", "/", "/unknown", "il6", "/nudge/il6"];

    private static readonly string[] Texts =
    [
        "", "what", "benefits", "help", "topics", "inflam", "how does it work", "list", "list 2",
        "schedule <#C123|general> mon 09:00 Europe/Berlin", "schedule <#C123> fri 18:30", "schedule #general tue 25:00 Mars/Base",
        "schedule <#C123|general> sun 0:00 UTC", "cancel n1", "cancel N1", "pause n1", "resume n1", "preview", "preview 3",
        "send <#C123|general>", "send C123", "send", "schedule", "cancel", "nudge", "--help",
    ];

    private static readonly string[] Words =
    [
        "schedule", "list", "cancel", "pause", "resume", "preview", "send", "help", "mon", "Sunday", "09:00", "23:59", "24:00",
        "UTC", "Europe/Berlin", "../../etc/passwd", "<#C123|general>", "<#C123>", "<#>", "<@U1>", "#general", "n1", "n0",
        "n99999999999999999999", "-1", "1e309", "*bold*", "`code`", "```", "<!channel>", "@everyone", "😀", "é", "\u202E",
    ];

    private static readonly string[] OddTexts =
    [
        "", " ", "\0", "\n", "\r\n", "\u2028", "\uFFFF", "\uD800", "😀", "%", "%%", "%zz", "+", "=", "&", "<", ">", "\\", "\"", "'",
        "null", "true", "0", "-0", "1e999", "NaN", "9223372036854775808", "-9223372036854775809",
    ];

    private static readonly string[] JsonKeys =
    [
        "type", "name", "options", "value", "focused", "data", "member", "user", "id", "guild_id", "channel_id", "permissions",
        "application_id", "token", "custom_id", "version", "locale",
    ];

    /// <summary>A form-encoded slash command, mutated (or, now and then, left valid).</summary>
    /// <param name="responseUrlBase">Where late answers go; a host of the test's own, never Slack's.</param>
    public static byte[] Slack(Random random, int caseNumber, string responseUrlBase)
    {
        var fields = new List<(string Name, string Value)>
        {
            ("token", "ignored"),
            ("team_id", SlackTeam),
            ("team_domain", "fuzz"),
            ("channel_id", SlackChannel),
            ("channel_name", "general"),
            ("user_id", random.Next(4) == 0 ? "U2" : SlackModerator),
            ("user_name", "someone"),
            ("command", random.Next(5) == 0 ? "/nudge" : Pick(random, SlackCommands[..2])),
            ("text", Pick(random, Texts)),
            ("api_app_id", "A1"),
            ("response_url", responseUrlBase.TrimEnd('/') + "/response/" + caseNumber.ToString(CultureInfo.InvariantCulture)),
            ("trigger_id", $"{caseNumber}.{random.Next()}.fuzz"),
        };

        for (var i = random.Next(4); i > 0; i--)
        {
            MutateForm(random, fields);
        }

        var body = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => f.Name.Length == 0 && f.Value.Length == 0 ? string.Empty : f.Name + "=" + f.Value)));
        return Finish(random, body, Encoding.UTF8.GetBytes($"team_id={SlackTeam}&channel_id={SlackChannel}&user_id={SlackModerator}&command=%2Fil6&text=what"));
    }

    /// <summary>An interaction, mutated (or, now and then, left valid).</summary>
    public static byte[] Discord(Random random, int caseNumber)
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
    private static byte[] Finish(Random random, byte[] body, byte[] fallback)
    {
        var roll = random.Next(100);
        if (roll < 4)
        {
            body = new byte[random.Next(0, 2048)];
            random.NextBytes(body);
        }
        else if (roll < 20)
        {
            body = MutateBytes(random, body);
        }

        // Late answers go to response_url when it is Slack's: a mutation must never aim one at the internet.
        return body.AsSpan().IndexOf("slack.com"u8) >= 0 || Encoding.UTF8.GetString(body).Contains("slack.com", StringComparison.OrdinalIgnoreCase)
            ? fallback
            : body;
    }

    private static void MutateForm(Random random, List<(string Name, string Value)> fields)
    {
        var index = fields.Count == 0 ? 0 : random.Next(fields.Count);
        switch (random.Next(9))
        {
            case 0 when fields.Count > 0:
                fields[index] = (fields[index].Name, Encode(RandomText(random)));
                break;
            case 1 when fields.Count > 0:
                fields.RemoveAt(index);
                break;
            case 2 when fields.Count > 0:
                fields.Insert(random.Next(fields.Count + 1), (fields[index].Name, Encode(RandomText(random))));
                break;
            case 3:
                fields.Add((Encode(Pick(random, ["command", "text", "user_id", "team_id", "channel_id", "ssl_check", "COMMAND", "te%78t", "text[]", ""])), Encode(RandomText(random))));
                break;
            case 4:
                Set(fields, "command", Encode(Pick(random, SlackCommands)));
                break;
            case 5:
                Set(fields, "text", Encode(string.Join(' ', Enumerable.Range(0, random.Next(1, 8)).Select(_ => Pick(random, Words)))));
                break;
            case 6:
                Set(fields, "text", RawPercent(random));
                break;
            case 7 when fields.Count > 0:
                fields[index] = (fields[index].Name, fields[index].Value + Pick(random, ["%", "%0", "%0A", "%FF", "%ED%A0%80", "%C3", "+", "&", "=", "%26", "%3D"]));
                break;
            default:
                fields.Add(("ssl_check", "1"));
                break;
        }
    }

    private static void Set(List<(string Name, string Value)> fields, string name, string value)
    {
        var index = fields.FindIndex(f => f.Name == name);
        if (index < 0)
        {
            fields.Add((name, value));
        }
        else
        {
            fields[index] = (name, value);
        }
    }

    private static JsonObject Interaction(Random random, int caseNumber)
    {
        var moderator = random.Next(4) != 0;
        var (type, data) = random.Next(10) switch
        {
            0 => (1, null),
            1 => (4, Command("il6", Option("topic", 3, Pick(random, Texts), focused: true))),
            2 => (4, Command("nudge", Subcommand("schedule", Option(Pick(random, ["day", "timezone", "channel"]), 3, Pick(random, Words), focused: true)))),
            3 => (3, new JsonObject { ["custom_id"] = "x", ["component_type"] = 2 }),
            4 or 5 => (2, Command("il6", random.Next(3) == 0 ? null : Option("topic", 3, Pick(random, Texts)))),
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
            interaction["guild_id"] = DiscordGuild;
            interaction["channel_id"] = DiscordChannel;
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
        0 => Subcommand("schedule", Option("channel", 7, DiscordChannel), Option("day", 3, Pick(random, ["mon", "fri", "someday"])), Option("time", 3, Pick(random, ["09:00", "18:30", "25:00"])), Option("timezone", 3, Pick(random, ["Europe/Berlin", "UTC", "Mars/Base"]))),
        1 => Subcommand("list"),
        2 => Subcommand("cancel", Option("id", 3, Pick(random, ["n1", "n2", "x"]))),
        3 => Subcommand("pause", Option("id", 3, "n1")),
        4 => Subcommand("resume", Option("id", 3, "n1")),
        5 => Subcommand("preview"),
        6 => Subcommand("send", Option("channel", 7, DiscordChannel)),
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

    private static byte[] MutateBytes(Random random, byte[] body)
    {
        var bytes = new List<byte>(body);
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 16)));
                    break;
                case 3 when bytes.Count > 0:
                    var length = Math.Min(bytes.Count - at, random.Next(1, 64));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Mostly short, sometimes long; letters, words, and every kind of awkward character.</summary>
    private static string RandomText(Random random)
    {
        var length = random.Next(10) switch
        {
            0 => random.Next(1000, 20_000),
            1 or 2 => 0,
            _ => random.Next(1, 40),
        };
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            _ = random.Next(6) switch
            {
                0 => text.Append(Pick(random, OddTexts)),
                1 => text.Append(Pick(random, Words)).Append(' '),
                2 => text.Append((char)random.Next(0, 0x80)),
                3 => text.Append((char)random.Next(0x80, 0xFFFF)),
                _ => text.Append((char)random.Next('a', 'z' + 1)),
            };
        }

        return text.ToString();
    }

    /// <summary>Percent-encoding for a form value; what cannot be UTF-8 encoded (a lone surrogate) is sent as raw escapes.</summary>
    private static string Encode(string text)
    {
        try
        {
            return Uri.EscapeDataString(text);
        }
        catch (UriFormatException)
        {
            return "%ED%A0%80";
        }
    }

    /// <summary>Escapes of arbitrary bytes: invalid UTF-8, overlong forms, controls.</summary>
    private static string RawPercent(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(1, 30)).Select(_ => "%" + random.Next(256).ToString("X2", CultureInfo.InvariantCulture)));

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
