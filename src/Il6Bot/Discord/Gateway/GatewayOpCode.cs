namespace Il6Bot.Discord.Gateway;

/// <summary>Gateway opcodes (Discord docs, "Opcodes and Status Codes"); on the wire as numbers.</summary>
public enum GatewayOpCode
{
    Dispatch = 0,
    Heartbeat = 1,
    Identify = 2,
    Resume = 6,
    Reconnect = 7,
    InvalidSession = 9,
    Hello = 10,
    HeartbeatAck = 11,
}
