using Il6Bot.Commands;
using Il6Bot.Messages;
using Il6Bot.Tests.Observability;
using Microsoft.Extensions.Logging.Abstractions;

namespace Il6Bot.Tests.Commands;

public sealed class CommandEngineTests
{
    [Fact]
    public async Task Unknown_command_gets_an_ephemeral_hint_listing_known_commands()
    {
        var engine = new CommandEngine([new EchoHandler()], TestMetrics.New(), NullLogger<CommandEngine>.Instance);

        var reply = await engine.HandleAsync(Request("bogus"), TestContext.Current.CancellationToken);

        Assert.True(reply.Ephemeral);
        Assert.Contains("/echo", PlainText.Render(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_handler_becomes_an_apology_not_an_exception()
    {
        var engine = new CommandEngine([new EchoHandler()], TestMetrics.New(), NullLogger<CommandEngine>.Instance);

        var reply = await engine.HandleAsync(Request("echo", "boom"), TestContext.Current.CancellationToken);

        Assert.True(reply.Ephemeral);
        Assert.Contains("Nothing was changed", PlainText.Render(reply), StringComparison.Ordinal);
    }

    [Fact]
    public void Completion_is_capped_at_the_limit()
    {
        var engine = new CommandEngine([new EchoHandler()], TestMetrics.New(), NullLogger<CommandEngine>.Instance);

        Assert.Equal(25, engine.Complete("echo", "text", "", 25).Count);
    }

    [Theory]
    [InlineData("/read", true)]
    [InlineData("READ", true)]
    [InlineData("/echo", false)]
    [InlineData("/bogus", false)]
    [InlineData("", false)]
    public void Only_a_known_read_only_command_may_be_answered_again_without_replay_memory(string command, bool readOnly)
    {
        var engine = new CommandEngine([new EchoHandler(), new EchoHandler("read", readOnly: true)], TestMetrics.New(), NullLogger<CommandEngine>.Instance);

        Assert.Equal(readOnly, engine.IsReadOnly(command));
    }

    private static CommandRequest Request(string command, string? text = null) =>
        new(Platform.Console, "t", "c", "u", false, command, null,
            text is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["text"] = text });

    private sealed class EchoHandler(string name = "echo", bool readOnly = false) : ICommandHandler
    {
        public CommandSpec Spec { get; } = new(name, "Echo", [new OptionSpec("text", "Text", Rest: true)], [], ReadOnly: readOnly);

        public Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
            request.Option("text") == "boom"
                ? throw new InvalidOperationException("boom")
                : Task.FromResult(Reply.PublicText(request.Option("text") ?? string.Empty));

        public IReadOnlyList<Choice> Complete(string option, string partial, int limit) =>
            Enumerable.Range(0, 40).Select(i => new Choice($"c{i}", $"c{i}")).ToList();
    }
}
