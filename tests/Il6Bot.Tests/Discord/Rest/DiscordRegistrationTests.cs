using System.Net;
using System.Text.Json;
using Il6Bot.Commands;
using Il6Bot.Discord.Rest;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Discord.Rest;

public sealed class DiscordRegistrationTests
{
    private const string Token = "test-bot-token-SECRET";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Guild_registration_is_one_bulk_overwrite_generated_from_the_specs()
    {
        await using var fake = await FakeDiscordApi.StartAsync();
        await using var host = await StartAsync(fake, guildId: "555");

        Assert.True(await Registrar(host).Completion.WaitAsync(Ct));

        var put = Assert.Single(fake.Requests);
        Assert.Equal("PUT", put.Method);
        Assert.Equal("/applications/123/guilds/555/commands", put.Path);
        Assert.Equal("Bot " + Token, put.Authorization);
        var commands = put.Json.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);

        var echo = commands["echo"];
        Assert.False(echo.TryGetProperty("default_member_permissions", out _));
        var topic = echo.GetProperty("options")[0];
        Assert.Equal(3, topic.GetProperty("type").GetInt32());
        Assert.True(topic.GetProperty("autocomplete").GetBoolean());
        Assert.False(topic.TryGetProperty("required", out _));

        var mod = commands["mod"];
        Assert.Equal("32", mod.GetProperty("default_member_permissions").GetString());
        Assert.Equal(0, Assert.Single(mod.GetProperty("contexts").EnumerateArray()).GetInt32());
        var send = mod.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "send");
        Assert.Equal(1, send.GetProperty("type").GetInt32());
        var channel = send.GetProperty("options")[0];
        Assert.Equal(7, channel.GetProperty("type").GetInt32());
        Assert.True(channel.GetProperty("required").GetBoolean());
        Assert.Equal([0, 5], channel.GetProperty("channel_types").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task Without_a_guild_the_commands_are_registered_globally()
    {
        await using var fake = await FakeDiscordApi.StartAsync();
        await using var host = await StartAsync(fake, guildId: null);

        Assert.True(await Registrar(host).Completion.WaitAsync(Ct));

        Assert.Equal("/applications/123/commands", Assert.Single(fake.Requests).Path);
    }

    [Fact]
    public async Task A_429_is_waited_out_and_registration_succeeds_exactly_once()
    {
        await using var fake = await FakeDiscordApi.StartAsync();
        fake.Script429("PUT /applications/123/", retryAfter: 0.05);
        await using var host = await StartAsync(fake, guildId: null);

        Assert.True(await Registrar(host).Completion.WaitAsync(Ct));

        Assert.Equal([429, 200], fake.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_failed_registration_is_logged_and_the_host_keeps_serving()
    {
        await using var fake = await FakeDiscordApi.StartAsync();
        fake.Script("PUT /applications/123/", 401, """{"message":"401: Unauthorized","code":0}""");
        await using var host = await StartAsync(fake, guildId: null);

        Assert.False(await Registrar(host).Completion.WaitAsync(Ct));

        using var health = await host.Client.GetAsync("/healthz", Ct);
        Assert.NotEqual(HttpStatusCode.InternalServerError, health.StatusCode);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task No_token_means_no_registration_and_no_Discord_poster()
    {
        await using var fake = await FakeDiscordApi.StartAsync();
        await using var host = await BotHost.StartAsync(
            new Dictionary<string, string?> { ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl, ["Discord:PublicKey"] = new string('c', 64) },
            cancellationToken: Ct);

        Assert.Empty(host.Services.GetServices<IHostedService>().OfType<DiscordCommandRegistrar>());
        Assert.DoesNotContain(host.Services.GetServices<Il6Bot.Features.Nudges.Delivery.INudgePoster>(), p => p.Platform == Platform.Discord);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task The_nudge_commands_typed_options_reach_Discord_as_its_own_pickers()
    {
        await using var fake = await FakeDiscordApi.StartAsync();
        await using var host = await StartAsync(fake, guildId: null);

        Assert.True(await Registrar(host).Completion.WaitAsync(Ct));

        // Type 1 is a slash command; a page, a role and a yes/no sent as plain text would let members type anything.
        var commands = Assert.Single(fake.Requests).Json.EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.All(commands.Values, c => Assert.Equal(1, c.GetProperty("type").GetInt32()));
        var nudge = commands["nudge"].GetProperty("options").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var page = Option(nudge["list"], "page");
        Assert.Equal(4, page.GetProperty("type").GetInt32());
        Assert.Equal(1, page.GetProperty("min_value").GetInt32());
        Assert.Equal(8, Option(nudge["schedule"], "mention").GetProperty("type").GetInt32());
        Assert.Equal(5, Option(nudge["skip"], "undo").GetProperty("type").GetInt32());
    }

    [Theory]
    [InlineData(401, "Check Discord:BotToken.")]
    [InlineData(403, "Check Discord:ApplicationId (and Discord:GuildId")]
    [InlineData(404, "Check Discord:ApplicationId (and Discord:GuildId")]
    [InlineData(400, "Discord rejected the command definitions.")]
    public async Task A_refused_registration_logs_one_error_saying_what_to_check(int status, string hint)
    {
        await using var fake = await FakeDiscordApi.StartAsync();
        fake.Script("PUT /applications/123/", status, $$"""{"message":"{{status}}: refused","code":0}""");
        var logs = new CapturedLogs();
        await using var host = await StartAsync(fake, guildId: "555", logs);

        Assert.False(await Registrar(host).Completion.WaitAsync(Ct));

        // The operator has only this line to go on: it names the scope and the setting to fix.
        var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("registering commands in guild 555 failed", error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_while_Discord_has_not_answered_ends_the_registration_without_an_error()
    {
        await using var fake = await FakeDiscordApi.StartAsync();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fake.Hold = async (_, aborted) =>
        {
            held.TrySetResult();
            await Task.Delay(Timeout.Infinite, aborted);
        };
        var logs = new CapturedLogs();
        await using var host = await StartAsync(fake, guildId: null, logs);
        await held.Task.Within10s();

        await host.App.StopAsync(Ct);

        // The host waited for the registrar, which gave up at once: a stop is not a failure to report.
        var completion = Registrar(host).Completion;
        Assert.True(completion.IsCompleted);
        Assert.False(await completion);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    private static JsonElement Option(JsonElement command, string name) =>
        command.GetProperty("options").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    private static DiscordCommandRegistrar Registrar(BotHost host) =>
        host.Services.GetServices<IHostedService>().OfType<DiscordCommandRegistrar>().Single();

    private static Task<BotHost> StartAsync(FakeDiscordApi fake, string? guildId, CapturedLogs? logs = null) =>
        BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Discord:ApplicationId"] = "123",
                ["Discord:BotToken"] = Token,
                ["Discord:PublicKey"] = new string('a', 64),
                ["Discord:GuildId"] = guildId,
                ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            },
            builder =>
            {
                builder.Services.AddSingleton<ICommandHandler, EchoCommandHandler>();
                builder.Services.AddSingleton<ICommandHandler, ModCommandHandler>();
                if (logs is not null)
                {
                    builder.Logging.AddProvider(logs);
                }
            },
            cancellationToken: Ct);
}
