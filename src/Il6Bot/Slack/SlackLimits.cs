namespace Il6Bot.Slack;

/// <summary>Block Kit limits (docs.slack.dev, "Blocks" reference) that every rendered message stays within.</summary>
public static class SlackLimits
{
    public const int HeaderText = 150;

    public const int SectionText = 3000;

    public const int ContextText = 3000;

    public const int BlocksPerMessage = 50;

    /// <summary>Slack truncates longer <c>text</c>; the fallback is only a notification preview, so keep it short.</summary>
    public const int FallbackText = 3000;
}
