using Il6Bot.Tests.Infrastructure;
using Il6Bot.Transports.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Transports.Webhooks;

/// <summary>
/// Exceptions that escape a request, through the real host: a test-only middleware behind the bot's own pipeline
/// throws what the request's path names.
/// </summary>
public sealed class RequestExceptionBoundaryTests : IAsyncLifetime
{
    private readonly CapturedLogs _logs = new();
    private BotHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await BotHost.StartAsync(
            configure: builder =>
            {
                builder.Services.AddSingleton<IStartupFilter, ThrowingTail>();
                builder.Logging.AddProvider(_logs);
                builder.Logging.AddFilter<CapturedLogs>(null, LogLevel.Debug);
            },
            cancellationToken: Ct);
        _logs.Clear();
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_bug_is_one_error_line_without_the_exception_message_and_a_500_without_details()
    {
        using var response = await _host.Client.PostAsync(new Uri("/test/throw/bug", UriKind.Relative), null, Ct);

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal("Internal error.", await response.Content.ReadAsStringAsync(Ct));
        var errors = _logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        var error = Assert.Single(errors);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Null(error.Exception);
        Assert.Contains("System.InvalidOperationException", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowingTail), error.Message, StringComparison.Ordinal);
        Assert.Contains("no endpoint matched", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("FORGED", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_bad_request_keeps_its_status_and_logs_nothing_above_debug()
    {
        using var response = await _host.Client.PostAsync(new Uri("/test/throw/bad-request", UriKind.Relative), null, Ct);

        Assert.Equal(413, (int)response.StatusCode);
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning || e.Exception is not null);
        var entry = Assert.Single(_logs.Entries, e => e.Category == typeof(RequestExceptionBoundary).FullName);
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.DoesNotContain("FORGED", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bug_after_the_answer_has_started_cuts_the_connection_so_the_client_cannot_take_half_an_answer_for_all_of_it()
    {
        var request = _host.Client.GetAsync(new Uri("/test/throw/after-start", UriKind.Relative), Ct);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => request);
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task The_bots_own_endpoints_are_unaffected()
    {
        using var response = await _host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);

        Assert.Equal(200, (int)response.StatusCode);
    }

    /// <summary>Runs after the bot's pipeline (so inside the boundary) for paths no endpoint matched.</summary>
    private sealed class ThrowingTail : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path.Value switch
            {
                "/test/throw/bug" => throw new InvalidOperationException("user text\nFORGED log line"),
                "/test/throw/bad-request" => throw new BadHttpRequestException("too big\nFORGED", StatusCodes.Status413PayloadTooLarge),
                "/test/throw/after-start" => ThrowAfterStartingAsync(context),
                _ => Task.CompletedTask,
            });
        };

        private static async Task ThrowAfterStartingAsync(HttpContext context)
        {
            await context.Response.WriteAsync("the first half", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            throw new InvalidOperationException("after the headers");
        }
    }
}
