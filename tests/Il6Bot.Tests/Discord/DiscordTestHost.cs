using Il6Bot.Commands;
using Il6Bot.Discord.Interactions;
using Il6Bot.Testing.Fakes;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.Discord;

/// <summary>
/// The real bot on loopback answering Discord interactions: a test signing key as <c>Discord:PublicKey</c>, a fake
/// Discord REST API as <c>Discord:ApiBaseUrl</c>, and any extra command handlers the test brings.
/// </summary>
public sealed class DiscordTestHost : IAsyncDisposable
{
    private DiscordTestHost(DiscordSigner signer, FakeDiscordApi fake, BotHost host)
    {
        Signer = signer;
        Fake = fake;
        Host = host;
    }

    public DiscordSigner Signer { get; }

    public FakeDiscordApi Fake { get; }

    public BotHost Host { get; }

    /// <param name="timing">The interaction handler's deadlines; <see cref="DiscordInteractionTiming.Default"/> when null.</param>
    public static async Task<DiscordTestHost> StartAsync(IReadOnlyList<ICommandHandler> handlers, CancellationToken cancellationToken, DiscordInteractionTiming? timing = null)
    {
        var signer = new DiscordSigner();
        var fake = await FakeDiscordApi.StartAsync();
        var host = await BotHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Discord:PublicKey"] = signer.PublicKeyHex,
                ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            },
            builder =>
            {
                foreach (var handler in handlers)
                {
                    builder.Services.AddSingleton(handler);
                }

                if (timing is not null)
                {
                    builder.Services.AddSingleton(timing);
                }
            },
            cancellationToken: cancellationToken);
        return new DiscordTestHost(signer, fake, host);
    }

    /// <summary>POSTs a signed interaction to the bot's <c>/discord/interactions</c>.</summary>
    public Task<HttpResponseMessage> PostAsync(string json, CancellationToken cancellationToken) =>
        Signer.PostAsync(Host.Client, json, cancellationToken);

    /// <inheritdoc cref="PostAsync(string, CancellationToken)"/>
    public Task<HttpResponseMessage> PostAsync(byte[] body, CancellationToken cancellationToken) =>
        Signer.PostAsync(Host.Client, body, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Fake.DisposeAsync();
        Signer.Dispose();
    }
}
