using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Il6Bot.Slack.Http;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>A fake Slack on 127.0.0.1 and a fake clock, with real bot hosts started against them.</summary>
public sealed class SlackWorld(FakeSlackApi fake, SignallingTimeProvider clock) : BotWorld<FakeSlackApi>(fake, clock)
{
    public const string Team = "T0E2E";
    public const string Channel = "C123";
    public const string Moderator = "UMOD1";
    public const string Secret = "e2e-signing-secret";
    public const string BotToken = "xoxb-e2e-token";

    private int _triggers;

    public static async Task<SlackWorld> StartAsync()
    {
        var clock = new SignallingTimeProvider(DiscordWorld.Start);
        var fake = await FakeSlackApi.StartAsync(clock, E2E.Ct);
        fake.Channels[Channel] = (true, false);
        return new SlackWorld(fake, clock);
    }

    protected override Dictionary<string, string?> PlatformSettings() => new()
    {
        ["Slack:SigningSecret"] = Secret,
        ["Slack:BotToken"] = BotToken,
        ["Slack:ApiBaseUrl"] = Fake.ApiBaseUrl,
        ["Slack:Moderators:0"] = Moderator,
    };

    /// <summary>Sends <c>/nudge {text}</c> as a signed slash command from <paramref name="user"/> and returns the answer.</summary>
    public async Task<SlackAnswer> NudgeAsync(BotHost host, string text, string user = Moderator)
    {
        var (status, answer) = await SendAsync(host, SignNudge(text, user));
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {answer}");
        return new SlackAnswer(JsonDocument.Parse(answer).RootElement.Clone());
    }

    /// <summary>Signs <c>/nudge {text}</c> (with a new trigger_id) now; <see cref="SendAsync"/> sends it as often as asked.</summary>
    public SignedSlackRequest SignNudge(string text, string user = Moderator) => SignCommand("/nudge", text, user);

    /// <summary>Signs <paramref name="command"/> with <paramref name="text"/> (with a new trigger_id) now.</summary>
    public SignedSlackRequest SignCommand(string command, string text, string user = Moderator)
    {
        var body = "token=ignored&team_id=" + Team + "&team_domain=e2e&channel_id=" + Channel + "&channel_name=general&user_id=" + user
            + "&user_name=someone&command=" + Uri.EscapeDataString(command) + "&text=" + Uri.EscapeDataString(text)
            + "&trigger_id=" + NextTriggerId();
        var timestamp = Clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new SignedSlackRequest(body, timestamp, SlackSignatureVerifier.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
    }

    /// <summary>POSTs exactly these signed bytes to <c>/slack/commands</c>; returns the status and the body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(BotHost host, SignedSlackRequest signed)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
        {
            Content = new StringContent(signed.Body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", signed.Timestamp);
        request.Headers.Add("X-Slack-Signature", signed.Signature);
        using var response = await host.Client.SendAsync(request, E2E.Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(E2E.Ct));
    }

    /// <summary>A trigger_id of its own for every command: Slack's id of one invocation, the same in any copy of it.</summary>
    public string NextTriggerId() => Interlocked.Increment(ref _triggers).ToString(CultureInfo.InvariantCulture) + ".1.e2e";

    public async Task<string> ScheduleAsync(BotHost host, string text = "<#C123|general> mon 09:00 Europe/Berlin")
    {
        var answer = await NudgeAsync(host, "schedule " + text);
        return E2E.ScheduledId(answer.Text);
    }

    public List<SlackRecordedRequest> PostMessageCalls() => Fake.Requests.Where(r => r.Path == "/api/chat.postMessage").ToList();
}

/// <summary>A slash command as Slack signed it: sending it again is a replay.</summary>
public sealed record SignedSlackRequest(string Body, string Timestamp, string Signature);

/// <summary>A slash command's immediate answer as Slack receives it.</summary>
public sealed record SlackAnswer(JsonElement Json)
{
    public bool Ephemeral => Json.GetProperty("response_type").GetString() == "ephemeral";

    /// <summary>The fallback text and every text of the blocks, one per line.</summary>
    public string Text => JsonStrings.Of(Json);

    /// <summary>The instants of Slack date tokens (<c>&lt;!date^unix^…&gt;</c>) in the blocks, in order.</summary>
    public IReadOnlyList<DateTimeOffset> Timestamps
    {
        get
        {
            var text = Json.TryGetProperty("blocks", out var blocks) ? JsonStrings.Of(blocks) : string.Empty;
            return Regex.Matches(text, @"<!date\^(\d+)\^")
                .Select(m => DateTimeOffset.FromUnixTimeSeconds(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)))
                .ToList();
        }
    }

    public override string ToString() => Json.GetRawText();
}
