using System.Net;
using System.Text;
using System.Text.Json;
using Il6Bot.Commands;
using Il6Bot.Discord.Interactions;
using Il6Bot.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Il6Bot.Tests.Discord.Http;

/// <summary>End to end through the real host: signed requests on loopback, a fake Discord REST API.</summary>
public sealed class DiscordInteractionsEndpointTests : IAsyncLifetime
{
    private readonly EchoCommandHandler _echo = new();
    private readonly ModCommandHandler _mod = new();
    private DiscordTestHost _discord = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _discord = await DiscordTestHost.StartAsync([_echo, _mod], Ct);
    }

    public ValueTask DisposeAsync() => _discord.DisposeAsync();

    [Fact]
    public async Task Ping_gets_pong()
    {
        using var response = await _discord.PostAsync("""{"id":"1","application_id":"2","type":1,"token":"t"}""", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"type":1}""", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_bad_signature_is_401()
    {
        var body = Encoding.UTF8.GetBytes("""{"type":1}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new ByteArrayContent(body) };
        var timestamp = _discord.Signer.Timestamp();
        request.Headers.Add("X-Signature-Ed25519", _discord.Signer.Sign(timestamp, Encoding.UTF8.GetBytes("""{"type":2}""")));
        request.Headers.Add("X-Signature-Timestamp", timestamp);

        using var response = await _discord.Host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public async Task Missing_signature_headers_are_401(bool withSignature, bool withTimestamp)
    {
        var body = Encoding.UTF8.GetBytes("""{"type":1}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new ByteArrayContent(body) };
        var timestamp = _discord.Signer.Timestamp();
        if (withSignature)
        {
            request.Headers.Add("X-Signature-Ed25519", _discord.Signer.Sign(timestamp, body));
        }

        if (withTimestamp)
        {
            request.Headers.Add("X-Signature-Timestamp", timestamp);
        }

        using var response = await _discord.Host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_256_KB_is_413()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":1,\"pad\":\"" + new string('x', 300 * 1024) + "\"}");

        using var response = await _discord.PostAsync(body, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("""{"type":"ping"}""")]
    public async Task Malformed_json_with_a_valid_signature_is_400(string json)
    {
        using var response = await _discord.PostAsync(json, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(99)]
    public async Task Unknown_interaction_types_get_a_helpful_ephemeral_message(int type)
    {
        using var response = await _discord.PostAsync($$"""{"id":"1","application_id":"2","type":{{type}},"token":"t"}""", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(4, json.GetProperty("type").GetInt32());
        Assert.Equal(64, json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Contains("/echo", json.GetProperty("data").GetProperty("embeds")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_reaches_the_engine_as_a_neutral_request_and_answers_with_an_embed()
    {
        using var response = await _discord.PostAsync("""
            {"id":"10","application_id":"20","type":2,"token":"tok","guild_id":"30","channel_id":"40",
             "member":{"user":{"id":"50","username":"ann"},"permissions":"0"},
             "data":{"id":"60","name":"echo","type":1,"options":[{"name":"text","type":3,"value":"hello *world*"}]}}
            """, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(4, json.GetProperty("type").GetInt32());
        Assert.False(json.GetProperty("data").TryGetProperty("flags", out _));
        Assert.Equal("You said: hello *world*", json.GetProperty("data").GetProperty("embeds")[0].GetProperty("description").GetString());
        var request = Assert.Single(_echo.Received);
        Assert.Equal(new CommandRequest(Platform.Discord, "30", "40", "50", false, "echo", null, request.Options, RequestId: "10"), request);
        Assert.Equal("hello *world*", request.Option("text"));
    }

    [Theory]
    [InlineData("8", true)]          // Administrator
    [InlineData("32", true)]         // Manage Server
    [InlineData("2147483688", true)] // Manage Server among others
    [InlineData("2048", false)]      // Send Messages only
    [InlineData("0", false)]
    [InlineData("1125899906842624", false)] // a high bit beyond 32 bits, without the moderator bits
    [InlineData("36893488147419103240", true)]  // 2^65 + Administrator: wider than 64 bits
    [InlineData("36893488147419103232", false)] // 2^65 alone
    public async Task Moderator_comes_from_the_member_permission_bits(string permissions, bool moderator)
    {
        using var response = await _discord.PostAsync($$$"""
            {"id":"10","application_id":"20","type":2,"token":"tok","guild_id":"30","channel_id":"40",
             "member":{"user":{"id":"50"},"permissions":"{{{permissions}}}"},
             "data":{"name":"mod","type":1,"options":[{"name":"send","type":1,"options":[{"name":"channel","type":7,"value":"777"}]}]}}
            """, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(_mod.Received);
        Assert.Equal(moderator, request.IsModerator);
        Assert.Equal("send", request.Subcommand);
        Assert.Equal("777", request.Option("channel"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(64, json.GetProperty("data").GetProperty("flags").GetInt32());
    }

    [Fact]
    public async Task A_direct_message_user_is_never_a_moderator()
    {
        using var response = await _discord.PostAsync("""
            {"id":"10","application_id":"20","type":2,"token":"tok","channel_id":"40","user":{"id":"51"},
             "data":{"name":"mod","type":1,"options":[{"name":"list","type":1}]}}
            """, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(_mod.Received);
        Assert.False(request.IsModerator);
        Assert.Equal("51", request.UserId);
        Assert.Equal("dm:51", request.TenantId);
    }

    [Fact]
    public async Task Autocomplete_answers_type_8_with_at_most_25_choices()
    {
        using var response = await _discord.PostAsync("""
            {"id":"10","application_id":"20","type":4,"token":"tok","guild_id":"30","channel_id":"40","member":{"user":{"id":"50"},"permissions":"0"},
             "data":{"name":"echo","type":1,"options":[{"name":"text","type":3,"value":"ben","focused":true}]}}
            """, Ct);

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(8, json.GetProperty("type").GetInt32());
        var choices = json.GetProperty("data").GetProperty("choices");
        Assert.Equal(25, choices.GetArrayLength());
        Assert.Equal("ben 1", choices[0].GetProperty("name").GetString());
        Assert.Equal("v1", choices[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_slow_command_is_deferred_then_completed_by_editing_the_original()
    {
        _echo.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _discord.DisposeAsync();
        _discord = await DiscordTestHost.StartAsync([_echo, _mod], Ct, DiscordInteractionTiming.Default with { DeferAfter = TimeSpan.Zero });

        using var response = await _discord.PostAsync("""
            {"id":"10","application_id":"20","type":2,"token":"tok","guild_id":"30","channel_id":"40","member":{"user":{"id":"50"},"permissions":"0"},
             "data":{"name":"echo","type":1,"options":[{"name":"text","type":3,"value":"late"}]}}
            """, Ct);

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(5, json.GetProperty("type").GetInt32());
        Assert.False(json.TryGetProperty("data", out _)); // /echo is public, so the deferral is too
        Assert.DoesNotContain(_discord.Fake.Requests, r => r.Path.StartsWith("/webhooks", StringComparison.Ordinal));

        _echo.Gate.SetResult();
        var edit = await _discord.Fake.WaitForAsync(r => r.Method == "PATCH", Ct);
        Assert.Equal("/webhooks/20/tok/messages/@original", edit.Path);
        Assert.Equal("You said: late", edit.Json.GetProperty("embeds")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_reply_longer_than_one_message_continues_in_follow_ups()
    {
        var paragraphs = string.Join("\n\n", Enumerable.Range(1, 40).Select(i => $"Paragraph {i}: " + string.Join(' ', Enumerable.Repeat("strength training lowers resting inflammation.", 8))));
        _echo.NextReply = Il6Bot.Messages.Reply.PublicText(paragraphs);

        using var response = await _discord.PostAsync("""
            {"id":"10","application_id":"20","type":2,"token":"tok","guild_id":"30","channel_id":"40","member":{"user":{"id":"50"},"permissions":"0"},
             "data":{"name":"echo","type":1}}
            """, Ct);

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(4, json.GetProperty("type").GetInt32());
        Assert.StartsWith("Paragraph 1:", json.GetProperty("data").GetProperty("embeds")[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        var last = await _discord.Fake.WaitForAsync(r => r.Method == "POST" && r.Path == "/webhooks/20/tok" && r.Body.Contains("Paragraph 40:", StringComparison.Ordinal), Ct);
        var followUps = _discord.Fake.Requests.Where(r => r.Path == "/webhooks/20/tok").ToList();
        Assert.Equal(last, followUps[^1]);
        Assert.All(followUps, f => Assert.DoesNotContain("Paragraph 1:", f.Body, StringComparison.Ordinal));
    }
}
