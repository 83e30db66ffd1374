using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Il6Bot.Bench;

/// <summary>
/// A topic the bench asks for: its canonical id, a piece of its section title (ASCII, no characters any JSON encoder
/// escapes) that a correct answer contains, and the size in bytes of the bot's answer to it on each platform.
/// </summary>
public sealed record BenchTopic(string Topic, string Title, int SlackAnswerBytes, int DiscordAnswerBytes);

/// <summary>A signed Slack slash-command body: request number <paramref name="Number"/> of a run, with its headers' values.</summary>
public sealed record SignedSlackBody(int Number, string Timestamp, string Signature, byte[] Body);

/// <summary>One fully serialized HTTP/1.1 request and what a correct answer must contain.</summary>
public sealed record PreparedRequest(byte[] Bytes, ResponseCheck Check);

/// <summary>A response is correct when the status matches and the body contains every marker.</summary>
public sealed class ResponseCheck(int status, params string[] markers)
{
    private readonly byte[][] _markers = [.. markers.Select(Encoding.UTF8.GetBytes)];

    public string Describe => $"{status} with [{string.Join(", ", markers)}]";

    public bool IsMatch(int actualStatus, ReadOnlySpan<byte> body)
    {
        if (actualStatus != status)
        {
            return false;
        }

        foreach (var marker in _markers)
        {
            if (body.IndexOf(marker) < 0)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// Builds N distinct, correctly signed requests: topics cycle through the canonical slugs, user ids, trigger ids,
/// interaction ids and timestamps differ per request (timestamps stay within Slack's 5-minute window).
/// </summary>
public static class Requests
{
    /// <summary>
    /// The topics requests cycle through. The answer sizes were read from the bot's answers on 2026-12-06 (after
    /// buttons on every answer); the answer-sized floors send exactly this much for each topic, so "bot ÷
    /// answer-sized floor" isolates the bot's own parsing and lookup from the cost of sending the section. The report
    /// prints both means and warns when they differ (the content or the rendering changed: update them).
    /// </summary>
    public static readonly BenchTopic[] Topics =
    [
        new("overview", "Interleukin-6 and How Can It Improve Your Health", 1599, 1152),
        new("what", "What is Interleukin-6", 1819, 1370),
        new("benefits", "Benefits of Exercise-Induced Interleukin-6", 5368, 4798),
        new("inflammation", "Fights inflammation and Chronic Diseases", 2575, 2091),
        new("illness", "Protects from Acute Illness", 1981, 1464),
        new("fat-and-muscle", "Burns Fat and Builds Muscle", 2030, 1532),
        new("how", "Reap the Rewards of Interleukin-6", 1773, 1332),
    ];

    public static readonly byte[] FixedFloorBody = Encoding.UTF8.GetBytes("{\"response_type\":\"in_channel\",\"text\":\"floor\"}");
    public static readonly byte[] CeilingBody = Encoding.UTF8.GetBytes("{\"ok\":true}");

    /// <summary>The mean of <see cref="Topics"/>' Slack answer sizes: what the Slack answer-sized floor sends on average.</summary>
    public static int SlackAnswerBytes => (int)Math.Round(Topics.Average(t => t.SlackAnswerBytes));

    /// <summary>The mean of <see cref="Topics"/>' Discord answer sizes.</summary>
    public static int DiscordAnswerBytes => (int)Math.Round(Topics.Average(t => t.DiscordAnswerBytes));

    /// <summary><see cref="FixedFloorBody"/> padded with spaces inside the JSON to exactly <paramref name="size"/> bytes.</summary>
    public static byte[] PaddedFloorBody(int size)
    {
        var body = FixedFloorBody;
        if (size <= body.Length)
        {
            return body;
        }

        var padded = new byte[size];
        body.AsSpan(0, body.Length - 1).CopyTo(padded);
        padded.AsSpan(body.Length - 1, size - body.Length).Fill((byte)' ');
        padded[^1] = (byte)'}';
        return padded;
    }

    public static PreparedRequest[] Slack(BenchKeys keys, string path, int count, int seed, bool checkBot) =>
        [.. SlackBodies(keys, count, seed).Select(r =>
        {
            var title = Topics[r.Number % Topics.Length].Title;
            var check = checkBot ? new ResponseCheck(200, "\"blocks\"", title) : new ResponseCheck(200, "\"floor\"");
            return new PreparedRequest(
                Serialize(path, "application/x-www-form-urlencoded", r.Body, ("X-Slack-Request-Timestamp", r.Timestamp), ("X-Slack-Signature", r.Signature)),
                check);
        })];

    /// <summary>
    /// The bodies of <see cref="Slack"/>'s requests with their signed timestamps and signatures: what Slack sends for
    /// <c>/il6 &lt;topic&gt;</c>, with distinct trigger ids, users and response URLs, 50 channels, topics in turn.
    /// </summary>
    public static IEnumerable<SignedSlackBody> SlackBodies(BenchKeys keys, int count, int seed)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        for (var i = 0; i < count; i++)
        {
            var n = seed + i;
            var topic = Topics[n % Topics.Length].Topic;
            var ts = (now - (n % 120)).ToString(CultureInfo.InvariantCulture);
            var body = Encoding.UTF8.GetBytes(
                $"token=bench&team_id=T0BENCH&team_domain=bench&channel_id=C0BENCH{n % 50}&channel_name=general" +
                $"&user_id=U{n:D8}&user_name=user{n}&command=%2Fil6&text={Uri.EscapeDataString(topic)}" +
                $"&api_app_id=A0BENCH&is_enterprise_install=false" +
                $"&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0BENCH%2F{n}%2Fx&trigger_id={n}.{n}.bench");
            yield return new SignedSlackBody(n, ts, keys.SignSlack(ts, body), body);
        }
    }

    public static PreparedRequest[] Discord(BenchKeys keys, string path, int count, int seed, bool checkBot) =>
        DiscordInteractions(keys, path, count, seed, (n, topic, title) =>
        {
            var interaction = DiscordInteraction(n, type: 2, idBase: 1_100_000_000_000_000_000L);
            interaction["data"] = new JsonObject
            {
                ["id"] = "1000000000000000003",
                ["name"] = "il6",
                ["type"] = 1,
                ["options"] = new JsonArray(new JsonObject { ["type"] = 3, ["name"] = "topic", ["value"] = topic }),
            };
            return (interaction, checkBot ? new ResponseCheck(200, "\"type\":4", "\"embeds\"", title) : new ResponseCheck(200, "\"floor\""));
        });

    /// <summary>
    /// A member clicking a related-topic button under a public <c>/il6</c> answer: a signed MESSAGE_COMPONENT
    /// interaction, answered with the topic privately (type 4, flags 64) from the replies prepared at content load.
    /// </summary>
    public static PreparedRequest[] DiscordClick(BenchKeys keys, string path, int count, int seed) =>
        DiscordInteractions(keys, path, count, seed, (n, topic, title) =>
        {
            var interaction = DiscordInteraction(n, type: 3, idBase: 1_200_000_000_000_000_000L);
            interaction["message"] = new JsonObject { ["id"] = "1000000000000000004", ["flags"] = 0 };
            interaction["data"] = new JsonObject { ["custom_id"] = $"il6:1:t:{topic}", ["component_type"] = 2 };
            return (interaction, new ResponseCheck(200, "\"type\":4", "\"flags\":64", title));
        });

    private static PreparedRequest[] DiscordInteractions(
        BenchKeys keys, string path, int count, int seed, Func<int, string, string, (JsonObject Interaction, ResponseCheck Check)> build)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var result = new PreparedRequest[count];
        for (var i = 0; i < count; i++)
        {
            var n = seed + i;
            var (topic, title, _, _) = Topics[n % Topics.Length];
            var ts = (now - (n % 120)).ToString(CultureInfo.InvariantCulture);
            var (interaction, check) = build(n, topic, title);
            var body = Encoding.UTF8.GetBytes(interaction.ToJsonString());
            var signature = keys.SignDiscord(ts, body);
            result[i] = new PreparedRequest(
                Serialize(path, "application/json", body, ("X-Signature-Timestamp", ts), ("X-Signature-Ed25519", signature)),
                check);
        }

        return result;
    }

    /// <summary>What every interaction carries: distinct ids, token, channel and member per request.</summary>
    private static JsonObject DiscordInteraction(int n, int type, long idBase) => new()
    {
        ["type"] = type,
        ["id"] = (idBase + n).ToString(CultureInfo.InvariantCulture),
        ["application_id"] = "1000000000000000001",
        ["token"] = $"bench-token-{type}-{n}",
        ["version"] = 1,
        ["guild_id"] = "1000000000000000002",
        ["channel_id"] = (1_000_000_000_000_100_000L + (n % 50)).ToString(CultureInfo.InvariantCulture),
        ["locale"] = "en-US",
        ["member"] = new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = (1_000_000_000_001_000_000L + n).ToString(CultureInfo.InvariantCulture), ["username"] = $"user{n}", ["discriminator"] = "0" },
            ["permissions"] = "0",
            ["roles"] = new JsonArray(),
        },
    };

    /// <summary>The ceiling gets Slack-shaped requests (same size on the wire) and answers a constant.</summary>
    public static PreparedRequest[] Ceiling(BenchKeys keys, int count, int seed)
    {
        var slack = Slack(keys, "/ceiling", count, seed, checkBot: false);
        var check = new ResponseCheck(200, "{\"ok\":true}");
        return [.. slack.Select(r => r with { Check = check })];
    }

    public static byte[] Serialize(string path, string contentType, byte[] body, params (string Name, string Value)[] headers)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n");
        foreach (var (name, value) in headers)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        sb.Append("User-Agent: Il6Bot.Bench\r\n\r\n");
        var head = Encoding.ASCII.GetBytes(sb.ToString());
        var bytes = new byte[head.Length + body.Length];
        head.CopyTo(bytes, 0);
        body.CopyTo(bytes, head.Length);
        return bytes;
    }
}
