using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Commands;
using Il6Bot.LocalConsole;
using Il6Bot.Messages;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.LocalConsole;

/// <summary>Console lines against the real host's engine: list paging in text form, and a huge value quoted briefly.</summary>
public sealed class ConsoleNudgeListTests : IAsyncLifetime
{
    private BotHost _host = null!;
    private ConsoleRepl _repl = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await BotHost.StartAsync(cancellationToken: Ct);
        _repl = new ConsoleRepl(
            new ConsoleIO(TextReader.Null, TextWriter.Null),
            _host.Services.GetRequiredService<CommandEngine>(),
            _host.Services.GetRequiredService<IHostApplicationLifetime>(),
            NullLogger<ConsoleRepl>.Instance);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task List_takes_a_channel_and_a_page_in_text_form()
    {
        for (var i = 0; i < NudgeListPage.PageSize + 3; i++)
        {
            Assert.StartsWith("Scheduled ", await LineAsync($"/nudge schedule #{(i % 2 == 0 ? "general" : "training")} mon 09:00 UTC"), StringComparison.Ordinal);
        }

        var second = await LineAsync("/nudge list 2");
        var general = await LineAsync("/nudge list #general page=1");
        var beyond = await LineAsync("/nudge list page=3");

        Assert.StartsWith($"11 nudge schedules, page 2 of 2 (9\u201311):", second, StringComparison.Ordinal);
        Assert.StartsWith("6 nudge schedules in #general:", general, StringComparison.Ordinal);
        Assert.DoesNotContain("#training", general, StringComparison.Ordinal);
        Assert.Equal("There is no page 3: 11 nudge schedules fit on 2 pages. The last one is /nudge list page:2.", beyond);
    }

    [Fact]
    public async Task A_huge_value_is_quoted_briefly()
    {
        var reply = await LineAsync("/nudge schedule #general " + new string('x', 200_000) + " 09:00");

        Assert.StartsWith(new string('x', EchoedInput.MaxLength - 1) + "\u2026 is not a day of the week.", reply, StringComparison.Ordinal);
        Assert.InRange(reply.Length, 1, 400);
        Assert.StartsWith("Unknown command /" + new string('y', EchoedInput.MaxLength - 2) + "\u2026.", await LineAsync("/" + new string('y', 200_000)), StringComparison.Ordinal);
    }

    private async Task<string> LineAsync(string line) => PlainText.Render((await _repl.HandleLineAsync(line, Ct))!);
}
