namespace Il6Bot.Features.Nudges;

public sealed class NudgesOptions
{
    public const string Section = "Nudges";

    /// <summary>IANA zone used when <c>/nudge schedule</c> names none.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>An occurrence missed by less than this (downtime) is still posted once on start.</summary>
    public TimeSpan MisfireGrace { get; set; } = TimeSpan.FromHours(1);
}
