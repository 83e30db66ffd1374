using Il6Bot.Commands;
using Il6Bot.LocalConsole;
using Il6Bot.Messages;
using Il6Bot.Tests.Infrastructure;
using Il6Bot.Tests.Transports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.LocalConsole;

/// <summary>Lines typed at the console against the real host's engine, with what the console prints beside the replies.</summary>
public sealed class ConsoleReplTests : IAsyncLifetime
{
    private readonly StringWriter _printed = new();
    private BotHost _host = null!;
    private ConsoleRepl _repl = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // The host's console output is this writer, so a nudge the console "posts" can be read back.
        _host = await BotHost.StartAsync(
            configure: builder => builder.Services.AddSingleton(new ConsoleIO(TextReader.Null, _printed)),
            cancellationToken: Ct);
        _repl = new ConsoleRepl(
            _host.Services.GetRequiredService<ConsoleIO>(),
            _host.Services.GetRequiredService<CommandEngine>(),
            _host.Services.GetRequiredService<IHostApplicationLifetime>(),
            NullLogger<ConsoleRepl>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _printed.Dispose();
    }

    [Theory]
    [InlineData("help")]
    [InlineData("?")]
    public async Task Help_or_a_question_mark_is_the_il6_help(string line) =>
        Assert.Equal(await LineAsync("/il6 help"), await LineAsync(line));

    [Fact]
    public async Task A_blank_line_is_ignored_and_spaces_around_a_command_do_not_matter()
    {
        Assert.Null(await _repl.HandleLineAsync("", Ct));
        Assert.Null(await _repl.HandleLineAsync("   ", Ct));
        Assert.Equal(await LineAsync("/il6 how"), await LineAsync("  /il6 how \t"));
    }

    [Fact]
    public async Task A_nudge_sent_from_the_console_is_printed_marked_with_its_channel()
    {
        var reply = await LineAsync("/nudge send #general");

        Assert.StartsWith("Posted \u201c", reply, StringComparison.Ordinal);
        var title = reply[(reply.IndexOf('\u201c', StringComparison.Ordinal) + 1)..reply.IndexOf('\u201d', StringComparison.Ordinal)];
        var printed = _printed.ToString();
        Assert.StartsWith("[nudge to #general]\n", printed, StringComparison.Ordinal);
        Assert.Contains(title, printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@here", "pings @here")]
    [InlineData("@Runners", "pings group Runners")]
    public async Task A_mention_typed_at_the_console_is_whom_the_schedule_pings(string mention, string settings) =>
        Assert.Contains(settings, await LineAsync($"/nudge schedule #general mon 09:00 UTC mention={mention}"), StringComparison.Ordinal);

    [Fact]
    public async Task Input_that_ends_at_once_stops_the_bot_cleanly_once_it_has_started()
    {
        // `il6bot < /dev/null`: the console must not stop a host that is still starting (that would be a start-up failure).
        using var printed = new StringWriter();
        await using var host = await BotHost.StartAsync(
            new Dictionary<string, string?> { ["Console:Enabled"] = "true" },
            builder => builder.Services.AddSingleton(new ConsoleIO(TextReader.Null, printed)),
            cancellationToken: Ct);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stopping.SetResult);

        await stopping.Task.Within10s();

        Assert.StartsWith("Il6Bot local console.", printed.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> LineAsync(string line) => PlainText.Render((await _repl.HandleLineAsync(line, Ct))!);
}
