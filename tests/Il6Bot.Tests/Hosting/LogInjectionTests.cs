using System.Text;
using System.Text.Json.Nodes;
using Il6Bot.Discord.Http;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.Slack.Http;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Hosting;

/// <summary>
/// Request fields with line breaks, through the real host with the bot's own logs captured at Information: the
/// fields do reach the log (a refused <c>/nudge</c> names the user), but never as a line of their own.
/// </summary>
public sealed class LogInjectionTests : IAsyncLifetime
{
    private const string Forged = "info: Il6Bot.Features.Nudges.Commands.NudgeCommandHandler[0] FORGED";

    private BothPlatformsHost _bot = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bot = await BothPlatformsHost.StartAsync(LogLevel.Information, Ct);

    public ValueTask DisposeAsync() => _bot.DisposeAsync();

    [Fact]
    public async Task A_slack_user_id_with_an_encoded_line_break_stays_on_one_line()
    {
        var body = Encoding.UTF8.GetBytes(
            "team_id=T1%0D%0A" + Uri.EscapeDataString(Forged) + "&channel_id=C123&user_id=U1%0A" + Uri.EscapeDataString(Forged)
            + "%E2%80%A8" + Uri.EscapeDataString(Forged) + "&command=%2Fnudge&text=list");
        using var client = _bot.NewClient();

        var response = await client.SendAsync(RawHttpClient.Post(SlackCommandEndpoint.Path, body, BothPlatformsHost.SlackHeaders(body)), Ct);

        Assert.Equal(200, response.Status);
        AssertForgedLinesAreEscaped();
    }

    [Fact]
    public async Task Discord_user_guild_and_subcommand_fields_with_line_breaks_stay_on_one_line()
    {
        var interaction = new JsonObject
        {
            ["type"] = 2,
            ["guild_id"] = "900\r\n" + Forged,
            ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "42\n" + Forged }, ["permissions"] = "0" },
            ["data"] = new JsonObject
            {
                ["name"] = "nudge",
                ["options"] = new JsonArray { new JsonObject { ["name"] = "list\u0085" + Forged, ["type"] = 1 } },
            },
        };
        var body = Encoding.UTF8.GetBytes(interaction.ToJsonString());
        using var client = _bot.NewClient();

        var response = await client.SendAsync(RawHttpClient.Post(DiscordInteractionsEndpoint.Path, body, _bot.DiscordHeaders(body)), Ct);

        Assert.Equal(200, response.Status);
        AssertForgedLinesAreEscaped();
    }

    private void AssertForgedLinesAreEscaped()
    {
        var carrying = _bot.Logs.Entries.Where(e => e.Message.Contains("FORGED", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(carrying);
        Assert.All(carrying, e => Assert.DoesNotContain(e.Message, c => char.IsControl(c) || c is '\u2028' or '\u2029'));
    }
}
