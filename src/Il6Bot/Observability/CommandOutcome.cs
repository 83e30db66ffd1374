namespace Il6Bot.Observability;

/// <summary>How the engine finished with one command, as the <c>outcome</c> attribute of the command metrics.</summary>
public enum CommandOutcome
{
    /// <summary>The handler answered (also with a refusal or a "did you mean": those are answers).</summary>
    Answered,

    /// <summary>No handler has the command's name.</summary>
    UnknownCommand,

    /// <summary>The handler needed the schedule store while it was unavailable.</summary>
    StoreUnavailable,

    /// <summary>The handler threw; the member got an apology.</summary>
    Failed,

    /// <summary>The host stopped before the answer was ready.</summary>
    Cancelled,
}
