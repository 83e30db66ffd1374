using System.Text.Json;

namespace Il6Bot.Discord.Gateway;

/// <summary>Every Gateway message: <c>{op, d, s, t}</c>. <c>d</c> stays raw until the opcode says what it is.</summary>
public sealed record GatewayPayload(GatewayOpCode Op, JsonElement D, int? S, string? T);

/// <summary>A message this client sends; <c>s</c> and <c>t</c> are only ever set by Discord.</summary>
public sealed record GatewayCommand<T>(GatewayOpCode Op, T D);

public sealed record HelloData(int HeartbeatInterval);

public sealed record IdentifyData(string Token, int Intents, IdentifyProperties Properties, int[] Shard);

public sealed record IdentifyProperties(string Os, string Browser, string Device);

public sealed record ResumeData(string Token, string SessionId, int? Seq);

public sealed record ReadyData(string SessionId, string ResumeGatewayUrl);

/// <summary>Response of <c>GET /gateway/bot</c>.</summary>
public sealed record GatewayBotInfo(string Url, int Shards, SessionStartLimit SessionStartLimit);

/// <param name="ResetAfter">Milliseconds until <paramref name="Remaining"/> is refilled.</param>
public sealed record SessionStartLimit(int Total, int Remaining, long ResetAfter, int MaxConcurrency);
