using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Il6Bot.Tests.Slack;

/// <summary>
/// A real host answering Slack over HTTP, a fake Slack API behind it, and the moment the host begins to stop: what
/// the graceful-shutdown tests of slash commands and of clicks both start from.
/// </summary>
internal sealed class SlackHostWithFake : IAsyncDisposable
{
    private SlackHostWithFake(FakeSlackApi slack, BotHost host, Task stopping)
    {
        Slack = slack;
        Host = host;
        Stopping = stopping;
    }

    public FakeSlackApi Slack { get; }

    public BotHost Host { get; }

    /// <summary>Completes when <c>ApplicationStopping</c> fires: the host has begun to stop, its services still drain.</summary>
    public Task Stopping { get; }

    /// <summary>Signed with <see cref="SlackWorld.Secret"/>; <paramref name="services"/> adds what the test holds back.</summary>
    public static async Task<SlackHostWithFake> StartAsync(
        TimeProvider time, Action<IServiceCollection> services, ILoggerProvider? logs, CancellationToken cancellationToken)
    {
        var slack = await FakeSlackApi.StartAsync(time, cancellationToken);
        var host = await BotHost.StartAsync(
            new Dictionary<string, string?> { ["Slack:SigningSecret"] = SlackWorld.Secret, ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl },
            builder =>
            {
                builder.Services.AddSingleton(time);
                services(builder.Services);
                if (logs is not null)
                {
                    builder.Logging.AddProvider(logs);
                }
            },
            cancellationToken: cancellationToken);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        return new SlackHostWithFake(slack, host, stopping.Task);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
