namespace Il6Bot.Features.Insights;

public sealed class InsightsOptions
{
    public const string Section = "Insights";

    /// <summary>How far counts may lag behind: recorded in memory, written in one transaction this often and at shutdown.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}
