using System.Security.Cryptography;
using Il6Bot.Features.Nudges.Storage;

namespace Il6Bot.Slack.Installations.Storage;

/// <summary>
/// The OAuth <c>state</c> values handed out by <c>/slack/install</c>, kept in the shared store so that "single use"
/// holds across instances: the callback deletes the row it uses, and a replay (on this or any other instance)
/// finds nothing.
/// </summary>
public sealed class SlackOAuthStateStore(AdoNudgeStore store, TimeProvider time)
{
    /// <summary>How long an install link works, as in Bolt.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>A new random state (256 bits, URL-safe), stored until it expires; expired ones are swept on the way.</summary>
    public Task<string> CreateAsync(CancellationToken cancellationToken) =>
        store.GuardWriteAsync(async () =>
        {
            var state = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            await AdoNudgeStore.ExecuteAsync(connection, null, "DELETE FROM slack_oauth_states WHERE expires_at <= @now", cancellationToken, ("now", now));
            await AdoNudgeStore.ExecuteAsync(
                connection,
                null,
                "INSERT INTO slack_oauth_states (state, expires_at) VALUES (@state, @expires)",
                cancellationToken,
                ("state", state),
                ("expires", now + (long)Lifetime.TotalMilliseconds));
            return state;
        });

    /// <summary>True exactly once for a state that was handed out and has not expired; the row is gone afterwards.</summary>
    public Task<bool> ConsumeAsync(string state, CancellationToken cancellationToken) =>
        store.GuardWriteAsync(async () =>
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            var deleted = await AdoNudgeStore.ExecuteAsync(
                connection,
                null,
                "DELETE FROM slack_oauth_states WHERE state = @state AND expires_at > @now",
                cancellationToken,
                ("state", state),
                ("now", time.GetUtcNow().ToUnixTimeMilliseconds()));
            return deleted == 1;
        });
}
