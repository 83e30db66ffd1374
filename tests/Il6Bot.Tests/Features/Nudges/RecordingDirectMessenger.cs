using System.Collections.Concurrent;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Failures;
using Il6Bot.Messages;

namespace Il6Bot.Tests.Features.Nudges;

/// <summary>An <see cref="IDirectMessenger"/> that records every attempt and can be told to fail or throw.</summary>
public sealed class RecordingDirectMessenger(Platform platform) : IDirectMessenger
{
    private readonly ConcurrentQueue<SentDirectMessage> _attempts = new();

    public Platform Platform { get; } = platform;

    /// <summary>Every call of <see cref="SendAsync"/>, delivered or not.</summary>
    public IReadOnlyList<SentDirectMessage> Attempts => [.. _attempts];

    /// <summary>Null: delivered. Otherwise every attempt fails with this problem.</summary>
    public string? FailWith { get; set; }

    public bool Throw { get; set; }

    public Task<DirectMessageResult> SendAsync(string tenantId, string userId, Reply message, string idempotencyKey, CancellationToken cancellationToken)
    {
        _attempts.Enqueue(new SentDirectMessage(tenantId, userId, message));
        if (Throw)
        {
            throw new HttpRequestException("connection refused");
        }

        return Task.FromResult(FailWith is { } problem ? DirectMessageResult.Failed(problem) : DirectMessageResult.Sent);
    }
}

public sealed record SentDirectMessage(string TenantId, string UserId, Reply Message)
{
    public string Text => NudgeTestBed.Text(Message);
}
