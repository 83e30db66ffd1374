using System.Collections.Concurrent;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Features.Nudges;

/// <summary>
/// An <see cref="INudgePoster"/> that records every post and can be told to fail, to refuse channels, and
/// what <see cref="FindPostedAsync"/> answers after a crash. It looks posts up by key, and drops a repost with the
/// same key for <paramref name="idempotencyWindow"/> (none by default), as the platform it stands in for would.
/// </summary>
public sealed class RecordingNudgePoster(Platform platform, TimeSpan idempotencyWindow = default) : INudgePoster
{
    private readonly ConcurrentQueue<PostedNudge> _posts = new();
    private int _attempts;
    private int _messageIds;

    public Platform Platform { get; } = platform;

    public DeliveryGuarantees Guarantees { get; } = new(idempotencyWindow, FindsPostsByKey: true);

    public IReadOnlyList<PostedNudge> Posts => [.. _posts];

    /// <summary>Every call of <see cref="PostAsync"/>, successful or not.</summary>
    public int Attempts => _attempts;

    /// <summary>Null: post succeeds. Otherwise every post returns this result.</summary>
    public PostResult? FailWith { get; set; }

    public HashSet<string> ForbiddenChannels { get; } = new(StringComparer.Ordinal);

    public LookupResult LookupAnswer { get; set; } = LookupResult.Unknown;

    public List<string> Lookups { get; } = [];

    /// <summary>The channel of each of <see cref="Lookups"/>, in the same order.</summary>
    public List<string> LookupChannels { get; } = [];

    public Task<PostResult> PostAsync(string channelId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (FailWith is { } failure)
        {
            return Task.FromResult(failure);
        }

        var id = $"m{Interlocked.Increment(ref _messageIds)}";
        _posts.Enqueue(new PostedNudge(channelId, message, idempotencyKey, id));
        return Task.FromResult(PostResult.Posted(id));
    }

    public Task<ChannelCheck> CheckChannelAsync(string tenantId, string channelId, CancellationToken cancellationToken) =>
        Task.FromResult(ForbiddenChannels.Contains(channelId) ? ChannelCheck.No("missing access") : ChannelCheck.Ok);

    public Task<LookupResult> FindPostedAsync(string channelId, string idempotencyKey, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (Lookups)
        {
            Lookups.Add(idempotencyKey);
            LookupChannels.Add(channelId);
        }

        return Task.FromResult(LookupAnswer);
    }
}

public sealed record PostedNudge(string ChannelId, Reply Message, string IdempotencyKey, string MessageId)
{
    public string Title => Message.Title ?? string.Empty;
}
