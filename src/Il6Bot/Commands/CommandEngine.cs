using System.Diagnostics.CodeAnalysis;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Hosting;
using Il6Bot.Messages;
using Il6Bot.Observability;

namespace Il6Bot.Commands;

/// <summary>
/// The single entry point every adapter calls. It routes a neutral request to its handler and turns
/// unknown commands and handler failures into a helpful ephemeral reply, so no adapter ever answers 5xx.
/// </summary>
public sealed partial class CommandEngine
{
    /// <summary>The answer to any command that needed the schedule store while it was unavailable.</summary>
    public const string StoreUnavailableText = "The schedule store is unavailable right now, so nothing was changed. Please try again in a few minutes.";

    private readonly Dictionary<string, Route> _routes;
    private readonly Dictionary<string, Route>.AlternateLookup<ReadOnlySpan<char>> _routesByName;
    private readonly ILogger<CommandEngine> _logger;
    private readonly Il6BotMetrics _metrics;
    private readonly CommandTagTable _unknownTags = new(CommandTagTable.UnknownCommandName);

    public CommandEngine(IEnumerable<ICommandHandler> handlers, Il6BotMetrics metrics, ILogger<CommandEngine> logger)
    {
        _routes = handlers.ToDictionary(h => h.Spec.Name, h => new Route(h, new CommandTagTable(h.Spec.Name)), StringComparer.OrdinalIgnoreCase);
        _routesByName = _routes.GetAlternateLookup<ReadOnlySpan<char>>();
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>
    /// Whether <paramref name="command"/> is a known <see cref="CommandSpec.ReadOnly"/> command, so a copy of its
    /// request needs no replay memory. On every request's path, hence the lookup without a trimmed copy.
    /// </summary>
    public bool IsReadOnly(string command) =>
        TryFind(command, out var route) && route.Handler.Spec.ReadOnly;

    public IReadOnlyCollection<CommandSpec> Specs => _routes.Values.Select(r => r.Handler.Spec).ToList();

    public CommandSpec? FindSpec(string command) =>
        TryFind(command, out var route) ? route.Handler.Spec : null;

    public Task<Reply> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var started = _metrics.CommandStarting();
        if (!TryFind(request.Command, out var route))
        {
            _metrics.CommandHandled(_unknownTags, request, CommandOutcome.UnknownCommand, started);
            var known = string.Join(", ", _routes.Keys.Order().Select(k => $"`/{k}`"));
            return Task.FromResult(Reply.EphemeralText($"I don't know {EchoedInput.Code("/" + request.Command.TrimStart('/'))}. Try {known}."));
        }

        var tags = route.Tags;
        Task<Reply> reply;
        try
        {
            reply = route.Handler.HandleAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _metrics.CommandHandled(tags, request, CommandOutcome.Cancelled, started);
            return Task.FromCanceled<Reply>(cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromResult(Failed(ex, request, tags, started));
        }

        // Content answers complete synchronously; only a handler that really waits pays for a state machine.
        if (reply.IsCompletedSuccessfully)
        {
            _metrics.CommandHandled(tags, request, CommandOutcome.Answered, started);
            return reply;
        }

        return AwaitAsync(reply, request, tags, started, cancellationToken);
    }

    private async Task<Reply> AwaitAsync(Task<Reply> reply, CommandRequest request, CommandTagTable tags, long started, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await reply.ConfigureAwait(false);
            _metrics.CommandHandled(tags, request, CommandOutcome.Answered, started);
            return answer;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _metrics.CommandHandled(tags, request, CommandOutcome.Cancelled, started);
            throw;
        }
        catch (Exception ex)
        {
            return Failed(ex, request, tags, started);
        }
    }

    private Reply Failed(Exception ex, CommandRequest request, CommandTagTable tags, long started)
    {
        _metrics.CommandHandled(tags, request, ex is StoreUnavailableException ? CommandOutcome.StoreUnavailable : CommandOutcome.Failed, started);
        if (ex is StoreUnavailableException unavailable)
        {
            // An outage, not a bug: the store already logged it with its cause, and the member can do nothing but wait.
            LogStoreUnavailable(request.Command, request.Subcommand, unavailable.Message);
            return Reply.EphemeralText(StoreUnavailableText);
        }

        LogHandlerFailed(ex, request.Command, request.Subcommand);
        return Reply.EphemeralText("Sorry, something went wrong on my side. Nothing was changed; please try again.");
    }

    public IReadOnlyList<Choice> Complete(string command, string option, string partial, int limit)
    {
        if (!TryFind(command, out var route))
        {
            return [];
        }

        var choices = route.Handler.Complete(option, partial, limit);
        return choices.Count > limit ? choices.Take(limit).ToList() : choices;
    }

    // By the name with or without its slash, read in place: this runs on every request.
    private bool TryFind(string command, [MaybeNullWhen(false)] out Route route) =>
        _routesByName.TryGetValue(command.AsSpan().TrimStart('/'), out route);

    /// <summary>
    /// A command's handler with its metric attributes: they are named by the handler's spec, never by the name a
    /// request carries (the sender's text, which must not become an attribute).
    /// </summary>
    private sealed record Route(ICommandHandler Handler, CommandTagTable Tags);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command /{Command} {Subcommand} answered \"store unavailable\": {Fault}")]
    private partial void LogStoreUnavailable(string command, string? subcommand, string fault);

    [LoggerMessage(Level = LogLevel.Error, Message = "Command /{Command} {Subcommand} failed")]
    private partial void LogHandlerFailed(Exception ex, LogText command, LogText subcommand);
}
