namespace Il6Bot.Discord;

/// <summary>Discord's documented message and embed limits (counted here in UTF-16 units, which is never
/// fewer than the code points Discord counts, so staying under them is safe).</summary>
public static class DiscordLimits
{
    public const int Content = 2000;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int FieldName = 256;
    public const int FieldValue = 1024;
    public const int FieldsPerEmbed = 25;
    public const int Footer = 2048;
    public const int EmbedsPerMessage = 10;
    public const int CharsPerMessage = 6000;
    public const int AutocompleteChoices = 25;
    public const int ChoiceText = 100;
    public const int CommandDescription = 100;
    public const int NonceLength = 25;

    /// <summary>Message components (OpenAPI <c>ActionRowComponentForMessageRequest</c> and
    /// <c>ButtonComponentForMessageRequest</c>): rows of buttons under a message.</summary>
    public const int ActionRowsPerMessage = 5;
    public const int ButtonsPerRow = 5;
    public const int CustomId = 100;
    public const int ButtonLabel = 80;

    /// <summary>A reply longer than this many messages is a content problem, not something to post.</summary>
    public const int MessagesPerReply = 5;
}
