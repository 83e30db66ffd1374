using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Il6Bot.Discord.Rest;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Discord;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// A fake Discord on 127.0.0.1, a signing key standing in for Discord's and a fake clock, shared by any number
/// of real bot hosts started against them (a restart is a second host on the same store file and the same fake).
/// </summary>
public sealed class DiscordWorld : BotWorld<FakeDiscordApi>
{
    /// <summary>Sunday 1 March 2026, 12:00 UTC (Berlin is on CET, UTC+1, until 29 March).</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The first "mon 09:00 Europe/Berlin" after <see cref="Start"/>: Monday 2 March, 08:00 UTC.</summary>
    public static readonly DateTimeOffset FirstMonday = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    public const string Guild = "900";
    public const string Channel = "100";
    public const string Token = "e2e-discord-bot-token";
    public const string ApplicationId = "777";

    /// <summary>Manage Server (1 &lt;&lt; 5).</summary>
    public const string ManageGuild = "32";

    /// <summary>Send Messages and friends, but neither Administrator nor Manage Server.</summary>
    public const string Member = "2048";

    private int _interaction;

    private DiscordWorld(FakeDiscordApi fake, SignallingTimeProvider clock)
        : base(fake, clock)
    {
        Signer = new DiscordSigner(clock);
    }

    public DiscordSigner Signer { get; }

    public static async Task<DiscordWorld> StartAsync()
    {
        var fake = await FakeDiscordApi.StartAsync();
        fake.Channels[Channel] = (Guild, 0);
        return new DiscordWorld(fake, new SignallingTimeProvider(Start));
    }

    protected override Dictionary<string, string?> PlatformSettings() => new()
    {
        ["Discord:PublicKey"] = Signer.PublicKeyHex,
        ["Discord:BotToken"] = Token,
        ["Discord:ApplicationId"] = ApplicationId,
        ["Discord:ApiBaseUrl"] = Fake.ApiBaseUrl,
    };

    /// <summary>Start-up registers the commands.</summary>
    protected override async Task OnStartedAsync(BotHost host) =>
        Assert.True(await host.Services.GetRequiredService<DiscordCommandRegistrar>().Completion.WaitAsync(E2E.Timeout, E2E.Ct));

    /// <summary>
    /// Sends <c>/nudge {subcommand}</c> as a signed HTTP interaction from a member of <see cref="Guild"/> with
    /// <paramref name="permissions"/>, and returns Discord's view of the answer (the interaction callback).
    /// </summary>
    public Task<DiscordAnswer> NudgeAsync(BotHost host, string subcommand, string permissions = ManageGuild, params (string Name, string Value)[] options) =>
        NudgeInGuildAsync(host, Guild, subcommand, permissions, options);

    /// <summary>As <see cref="NudgeAsync"/>, from a member of <paramref name="guild"/>.</summary>
    public async Task<DiscordAnswer> NudgeInGuildAsync(BotHost host, string guild, string subcommand, string permissions = ManageGuild, params (string Name, string Value)[] options)
    {
        var (status, body) = await SendAsync(host, NudgeBody(guild, subcommand, permissions, options), Signer.Timestamp());
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
        return new DiscordAnswer(JsonDocument.Parse(body).RootElement.Clone());
    }

    /// <summary>The bytes of a <see cref="NudgeInteraction"/>, as sent (and replayed) over HTTP.</summary>
    public byte[] NudgeBody(string guild, string subcommand, string permissions = ManageGuild, params (string Name, string Value)[] options) =>
        Encoding.UTF8.GetBytes(NudgeInteraction(guild, subcommand, permissions, options).ToJsonString());

    /// <summary>
    /// A <c>/nudge {subcommand}</c> interaction with a fresh id and token, typed as Discord types it: a channel
    /// option is 7, a <c>mention</c> a ROLE (8) with the role's id, <c>undo</c> a BOOLEAN (5), a whole-number
    /// <c>page</c> an INTEGER (4) with a JSON number, everything else a string.
    /// </summary>
    public JsonObject NudgeInteraction(string guild, string subcommand, string permissions, params (string Name, string Value)[] options)
    {
        var optionArray = new JsonArray();
        foreach (var (name, value) in options)
        {
            optionArray.Add(name == "page" && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? new JsonObject { ["name"] = name, ["type"] = 4, ["value"] = number }
                : name == "undo"
                    ? new JsonObject { ["name"] = name, ["type"] = 5, ["value"] = value == "true" }
                    : new JsonObject { ["name"] = name, ["type"] = name switch { "channel" => 7, "mention" => 8, _ => 3 }, ["value"] = value });
        }

        var id = Interlocked.Increment(ref _interaction).ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = "5000" + id,
            ["application_id"] = ApplicationId,
            ["type"] = 2,
            ["token"] = "interaction-token-" + id,
            ["guild_id"] = guild,
            ["channel_id"] = Channel,
            ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "42" }, ["permissions"] = permissions },
            ["data"] = new JsonObject
            {
                ["id"] = "1",
                ["name"] = "nudge",
                ["type"] = 1,
                ["options"] = new JsonArray { new JsonObject { ["name"] = subcommand, ["type"] = 1, ["options"] = optionArray } },
            },
        };
    }

    /// <summary>POSTs <paramref name="body"/> signed with <paramref name="timestamp"/>; returns the status and the answer.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendAsync(BotHost host, byte[] body, string timestamp)
    {
        using var response = await Signer.PostAsync(host.Client, body, timestamp, E2E.Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(E2E.Ct));
    }

    public Task<DiscordAnswer> ScheduleCommandAsync(BotHost host, string channel, string day, string time, string? zone, string permissions = ManageGuild)
    {
        List<(string, string)> options = [("channel", channel), ("day", day), ("time", time)];
        if (zone is not null)
        {
            options.Add(("timezone", zone));
        }

        return NudgeAsync(host, "schedule", permissions, [.. options]);
    }

    /// <summary>Schedules as a moderator and returns the new schedule's id from the reply.</summary>
    public async Task<string> ScheduleAsync(BotHost host, string day = "mon", string time = "09:00", string zone = "Europe/Berlin", string channel = Channel)
    {
        var answer = await ScheduleCommandAsync(host, channel, day, time, zone);
        return E2E.ScheduledId(answer.Text);
    }

    /// <summary>Every POST of a channel message the fake received (created or not).</summary>
    public List<DiscordRecordedRequest> MessagePosts(string channel = Channel) =>
        Fake.Requests.Where(r => r.Method == "POST" && r.Path == $"/channels/{channel}/messages").ToList();

    protected override void DisposeWorld() => Signer.Dispose();
}

/// <summary>An interaction callback as Discord receives it.</summary>
public sealed record DiscordAnswer(JsonElement Json)
{
    public int Type => Json.GetProperty("type").GetInt32();

    public JsonElement Data => Json.GetProperty("data");

    public bool Ephemeral => Data.TryGetProperty("flags", out var flags) && (flags.GetInt32() & 64) != 0;

    /// <summary>Every string of the message (content, embed titles, descriptions, fields), one per line.</summary>
    public string Text => JsonStrings.Of(Data);

    /// <summary>The instants of the Discord timestamps (<c>&lt;t:unix:F&gt;</c>) in the message, in order.</summary>
    public IReadOnlyList<DateTimeOffset> Timestamps =>
        Regex.Matches(Text, @"<t:(\d+):F>").Select(m => DateTimeOffset.FromUnixTimeSeconds(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();

    public override string ToString() => Json.GetRawText();
}
