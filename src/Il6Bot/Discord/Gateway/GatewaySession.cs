using System.Text.Json;

namespace Il6Bot.Discord.Gateway;

/// <summary>
/// One shard's Gateway session. It outlives connections, so a dropped socket can be resumed (same session,
/// last sequence) without losing events; it writes the commands that carry it: Identify, Resume, Heartbeat.
/// </summary>
internal sealed class GatewaySession(DiscordOptions options)
{
    /// <summary>
    /// No intents. INTERACTION_CREATE is delivered to every bot connection regardless of intents, and the
    /// bot never reads messages, members or presences, so asking for nothing means no privileged intent to
    /// approve (no 4014 close) and no guild/message traffic to parse.
    /// </summary>
    private const int Intents = 0;

    public string? Id { get; private set; }

    public string? ResumeUrl { get; private set; }

    /// <summary>The last sequence number Discord sent; heartbeats and Resume carry it.</summary>
    public int? Sequence { get; set; }

    public bool CanResume => Id is not null && ResumeUrl is not null;

    public void Begin(ReadyData ready)
    {
        Id = ready.SessionId;
        ResumeUrl = ready.ResumeGatewayUrl;
    }

    /// <summary>The session is over on Discord's side; the next connection identifies afresh.</summary>
    public void Forget()
    {
        Id = null;
        ResumeUrl = null;
        Sequence = null;
    }

    public byte[] Identify()
    {
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux";
        var identify = new IdentifyData(
            options.BotToken!,
            Intents,
            new IdentifyProperties(os, "il6bot", "il6bot"),
            [options.ShardId, options.ShardCount]);
        return JsonSerializer.SerializeToUtf8Bytes(
            new GatewayCommand<IdentifyData>(GatewayOpCode.Identify, identify), GatewayJsonContext.Default.GatewayCommandIdentifyData);
    }

    public byte[] Resume() =>
        JsonSerializer.SerializeToUtf8Bytes(
            new GatewayCommand<ResumeData>(GatewayOpCode.Resume, new ResumeData(options.BotToken!, Id!, Sequence)),
            GatewayJsonContext.Default.GatewayCommandResumeData);

    public byte[] Heartbeat() =>
        JsonSerializer.SerializeToUtf8Bytes(
            new GatewayCommand<int?>(GatewayOpCode.Heartbeat, Sequence), GatewayJsonContext.Default.GatewayCommandNullableInt32);
}
