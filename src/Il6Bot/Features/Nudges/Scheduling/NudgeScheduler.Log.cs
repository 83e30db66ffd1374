namespace Il6Bot.Features.Nudges.Scheduling;

/// <summary>What the scheduler loop logs.</summary>
public sealed partial class NudgeScheduler
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge scheduler started: wakes at each due occurrence, looks at the store at least every {Interval}, misfire grace {Grace}")]
    private partial void LogStarted(TimeSpan interval, TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Nudge scheduler tick: {Posted} posted, {Failed} failed, {Skipped} skipped, {Lost} lost, {Unknown} unknown, {Errors} errors")]
    private partial void LogTickDone(int posted, int failed, int skipped, int lost, int unknown, int errors);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Nudge scheduler sleeps {Sleep}")]
    private partial void LogSleeping(TimeSpan sleep);

    [LoggerMessage(Level = LogLevel.Error, Message = "Nudge scheduler tick failed; retrying on the next tick")]
    private partial void LogTickFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge scheduler waits for the store ({Fault}); due nudges stay due and every poll retries")]
    private partial void LogStoreOutage(string fault);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Nudge scheduler tick skipped, store still unavailable: {Fault}")]
    private partial void LogStoreStillOut(string fault);

    [LoggerMessage(Level = LogLevel.Information, Message = "Nudge scheduler: the store works again; ticks resumed")]
    private partial void LogStoreBack();

    [LoggerMessage(Level = LogLevel.Warning, Message = "No nudges are loaded; due schedules wait for content")]
    private partial void LogNoContent();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nudge {ScheduleId} for {Occurrence} skipped: {Reason}")]
    private partial void LogSkipped(string scheduleId, string occurrence, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Nudge {ScheduleId} for {Occurrence} was claimed by another process")]
    private partial void LogClaimLost(string scheduleId, string occurrence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Nudge {ScheduleId} could not be processed this tick")]
    private partial void LogScheduleFailed(Exception ex, string scheduleId);
}
