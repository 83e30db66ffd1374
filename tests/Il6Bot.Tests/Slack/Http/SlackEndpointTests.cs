using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Il6Bot.Commands;
using Il6Bot.Content;
using Il6Bot.Features.Il6;
using Il6Bot.Messages;
using Il6Bot.Slack.Commands;
using Il6Bot.Slack.Http;
using Il6Bot.Slack.Rendering;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Slack.Http;

/// <summary>Slash commands through the real host on 127.0.0.1, signed like Slack signs them.</summary>
public sealed class SlackEndpointTests : IAsyncLifetime
{
    private const string Secret = "test-signing-secret";
    private const string Moderator = "UMOD1";

    private readonly SignallingTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly SlowHandler _slow = new();
    private readonly EchoHandler _echo = new();
    private FakeSlackApi _slack = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _slack = await FakeSlackApi.StartAsync(_time, TestContext.Current.CancellationToken);
        _host = await BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Slack:SigningSecret"] = Secret,
                ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl,
                ["Slack:Moderators:0"] = Moderator,
            },
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(_time);
                builder.Services.AddSingleton<ICommandHandler>(_slow);
                builder.Services.AddSingleton<ICommandHandler>(_echo);
            },
            cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _slow.Release.TrySetResult();
        await _host.DisposeAsync();
        await _slack.DisposeAsync();
    }

    private static string Form(string command, string text, string user = "U2", string? responseUrl = null) =>
        "token=ignored&team_id=T1&team_domain=test&channel_id=C9&channel_name=general&user_id=" + user
        + "&user_name=someone&command=" + Uri.EscapeDataString(command) + "&text=" + Uri.EscapeDataString(text)
        + (responseUrl is null ? string.Empty : "&response_url=" + Uri.EscapeDataString(responseUrl))
        + "&trigger_id=" + Interlocked.Increment(ref _triggers).ToString(CultureInfo.InvariantCulture) + ".1.test";

    // Every request a new command: one trigger_id twice is a replay, answered from memory (see SlackReplayTests).
    private static int _triggers;

    private HttpRequestMessage Signed(string body, DateTimeOffset? at = null, string? signature = null)
    {
        var timestamp = (at ?? _time.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/slack/commands")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature ?? SlackSignatureVerifier.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    private async Task<JsonElement> SendJsonAsync(HttpRequestMessage request)
    {
        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
    }

    [Fact]
    public async Task A_section_is_answered_in_channel_with_the_bytes_prepared_at_load()
    {
        using var response = await _host.Client.SendAsync(Signed(Form("/il6", "benefits")), TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var snapshot = _host.Services.GetRequiredService<IContentStore>().Snapshot;
        var benefits = _host.Services.GetRequiredService<Il6Replies>().For(snapshot).Section(snapshot.Find("benefits")!);
        Assert.True(_host.Services.GetRequiredService<SlackRenderCache>().TryGet(benefits, out var expected));
        Assert.Equal(expected, bytes);
        var json = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal("in_channel", json.GetProperty("response_type").GetString());
        Assert.Equal("header", json.GetProperty("blocks")[0].GetProperty("type").GetString());

        // The blocks carry the whole section; `text` is only the notification preview, led by the title.
        var text = json.GetProperty("text").GetString()!;
        var header = json.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString()!;
        Assert.Contains(header, text[..(header.Length + 10)], StringComparison.Ordinal);
        Assert.InRange(text.Length, header.Length, SlackMessage.MaxFallbackText);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_is_ephemeral()
    {
        var json = await SendJsonAsync(Signed(Form("/il6", "help")));

        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        Assert.Contains("/il6", json.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_gets_a_helpful_ephemeral_answer()
    {
        var json = await SendJsonAsync(Signed(Form("/nope", "anything")));

        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        Assert.Contains("/il6", json.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_or_missing_signature_is_401()
    {
        using var wrong = await _host.Client.SendAsync(Signed(Form("/il6", "how"), signature: "v0=" + new string('0', 64)), TestContext.Current.CancellationToken);
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/slack/commands") { Content = new StringContent(Form("/il6", "how")) };
        using var missing = await _host.Client.SendAsync(unsigned, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
    }

    [Fact]
    public async Task A_correctly_signed_but_old_request_is_401()
    {
        using var response = await _host.Client.SendAsync(
            Signed(Form("/il6", "how"), at: _time.GetUtcNow().AddMinutes(-6)),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_256_KB_is_413()
    {
        using var response = await _host.Client.SendAsync(
            Signed(Form("/il6", new string('a', 300 * 1024))),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_form_without_a_command_is_400_naming_the_field()
    {
        using var response = await _host.Client.SendAsync(Signed("team_id=T1&user_id=U2&text=hi"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("command", text, StringComparison.Ordinal);
        Assert.Contains("channel_id", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Channel_options_arrive_as_ids_and_moderators_come_from_configuration()
    {
        var json = await SendJsonAsync(Signed(Form("/echo", "send <#C0123ABCD|general>", user: Moderator)));
        await SendJsonAsync(Signed(Form("/echo", "send <#C0123ABCD>")));

        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        Assert.Collection(
            _echo.Requests,
            r => Assert.Equal((Platform.Slack, "T1", "C9", Moderator, true, "send", "C0123ABCD"), (r.Platform, r.TenantId, r.ChannelId, r.UserId, r.IsModerator, r.Subcommand, r.Option("channel"))),
            r => Assert.Equal(("U2", false, "C0123ABCD"), (r.UserId, r.IsModerator, r.Option("channel"))));
    }

    [Fact]
    public async Task A_bare_channel_name_asks_to_pick_from_the_menu_and_runs_nothing()
    {
        var json = await SendJsonAsync(Signed(Form("/echo", "send #general", user: Moderator)));

        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        Assert.Contains("# menu", json.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(_echo.Requests);
    }

    [Fact]
    public async Task Typed_ampersands_and_angle_brackets_arrive_escaped_and_are_read_as_typed()
    {
        // Slack sends "/il6 r&d" as text=r&amp;d; the echo is escaped once, by the renderer.
        var json = await SendJsonAsync(Signed(Form("/il6", "r&amp;d")));

        var shown = string.Join('\n', Strings(json));
        Assert.Contains("“r&amp;d”", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;amp;", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_errors_get_the_usage_line()
    {
        var json = await SendJsonAsync(Signed(Form("/echo", "explode")));

        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        Assert.Contains("/echo send channel", json.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_answer_is_acknowledged_empty_then_posted_to_response_url()
    {
        var pending = _host.Client.SendAsync(Signed(Form("/slowtest", string.Empty, responseUrl: _slack.ResponseUrl("r1"))), TestContext.Current.CancellationToken);
        await _time.TimerCreated(SlackCommandHandler.AckDeadline, TestContext.Current.CancellationToken);
        _time.Advance(SlackCommandHandler.AckDeadline);

        using var ack = await pending;
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Empty(await ack.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, _slack.CountCalls("/response/r1"));

        _slow.Release.SetResult();
        await _host.Services.GetRequiredKeyedService<DeadlineResponder>(Platform.Slack).DrainAsync(TestContext.Current.CancellationToken);
        var followUp = Assert.Single(_slack.Requests, r => r.Path == "/response/r1");
        Assert.StartsWith("application/json", followUp.ContentType, StringComparison.Ordinal);
        Assert.Equal("in_channel", followUp.Json["response_type"]?.GetValue<string>());
        Assert.Equal("Finally done.", followUp.Json["text"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_slow_answer_is_never_posted_to_a_foreign_response_url()
    {
        var pending = _host.Client.SendAsync(Signed(Form("/slowtest", string.Empty, responseUrl: "https://attacker.example/hook")), TestContext.Current.CancellationToken);
        await _time.TimerCreated(SlackCommandHandler.AckDeadline, TestContext.Current.CancellationToken);
        _time.Advance(SlackCommandHandler.AckDeadline);

        using var ack = await pending;
        var json = JsonDocument.Parse(await ack.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("ephemeral", json.GetProperty("response_type").GetString());
        Assert.Contains("try again", json.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private sealed class SlowHandler : ICommandHandler
    {
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CommandSpec Spec { get; } = new("slowtest", "Answers when released.", [], []);

        public async Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            await Release.Task.WaitAsync(cancellationToken);
            return Reply.PublicText("Finally done.");
        }
    }

    private sealed class EchoHandler : ICommandHandler
    {
        private readonly List<CommandRequest> _requests = [];

        public IReadOnlyList<CommandRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public CommandSpec Spec { get; } = new(
            "echo",
            "Records the request.",
            [],
            [new SubcommandSpec("send", "Send.", [new OptionSpec("channel", "Where.", OptionKind.Channel, Required: true)])]);

        public Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            lock (_requests)
            {
                _requests.Add(request);
            }

            return Task.FromResult(Reply.EphemeralText("Recorded."));
        }
    }
}
