using Il6Bot.Slack.Rendering;

namespace Il6Bot.Slack.WebApi;

// Web API request and response payloads. Property names become snake_case through SlackJsonContext.

/// <summary>Every Web API response carries <c>ok</c> and, when false, an <c>error</c> code.</summary>
public interface ISlackApiResponse
{
    bool Ok { get; }

    string? Error { get; }
}

public sealed record ChatPostMessageRequest(
    string Channel,
    string Text,
    IReadOnlyList<SlackBlock> Blocks,
    SlackMessageMetadata? Metadata);

/// <summary>Message metadata; the nudge's idempotency key rides here so a crashed delivery can be found again.</summary>
public sealed record SlackMessageMetadata(string EventType, SlackNudgeMetadataPayload EventPayload);

public sealed record SlackNudgeMetadataPayload(string? Key);

public sealed record ChatPostMessageResponse(bool Ok, string? Error, string? Channel, string? Ts) : ISlackApiResponse;

public sealed record ConversationsInfoResponse(bool Ok, string? Error, SlackConversation? Channel) : ISlackApiResponse;

public sealed record SlackConversation(string Id, string? Name, bool IsMember, bool IsArchived);

public sealed record ConversationsHistoryResponse(
    bool Ok,
    string? Error,
    IReadOnlyList<SlackHistoryMessage>? Messages,
    bool HasMore,
    SlackResponseMetadata? ResponseMetadata) : ISlackApiResponse;

public sealed record SlackHistoryMessage(string? Ts, SlackMessageMetadata? Metadata);

public sealed record SlackResponseMetadata(string? NextCursor);

public sealed record UsersInfoResponse(bool Ok, string? Error, SlackUser? User) : ISlackApiResponse;

public sealed record SlackUser(string Id, bool IsOwner, bool IsAdmin, bool IsPrimaryOwner);

public sealed record AuthTestResponse(bool Ok, string? Error, string? TeamId, string? EnterpriseId, string? UserId) : ISlackApiResponse;

/// <summary>A slash-command answer: the HTTP response body, the Socket Mode ack payload, or a response_url POST.</summary>
public sealed record SlackCommandResponse(string ResponseType, string Text, IReadOnlyList<SlackBlock> Blocks)
{
    public const string InChannel = "in_channel";

    public const string Ephemeral = "ephemeral";
}
