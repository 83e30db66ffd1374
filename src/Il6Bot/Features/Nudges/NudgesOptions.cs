namespace Il6Bot.Features.Nudges;

public sealed class NudgesOptions
{
    public const string Section = "Nudges";

    /// <summary>IANA zone used when <c>/nudge schedule</c> names none.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>An occurrence missed by at most this (downtime) is still posted once on start.</summary>
    public TimeSpan MisfireGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The longest the scheduler sleeps without looking at the store: how soon a schedule created, edited or resumed
    /// on another instance is seen (this instance's own changes wake it at once).
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
