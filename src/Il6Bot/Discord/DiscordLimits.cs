namespace Il6Bot.Discord;

/// <summary>Discord's documented limits, grouped by the object they limit (counted here in UTF-16 units, which is never
/// fewer than the code points Discord counts, so staying under them is safe).</summary>
public static class DiscordLimits
{
    /// <summary>A reply longer than this many messages is a content problem, not something to post.</summary>
    public const int MessagesPerReply = 5;

    /// <summary>One message (Discord docs, "Message Resource": Create Message).</summary>
    public static class Message
    {
        public const int Content = 2000;
        public const int Embeds = 10;
        public const int ActionRows = 5;
        public const int Nonce = 25;
    }

    /// <summary>One embed, and all of a message's embeds together (Discord docs, "Message Resource": Embed Limits).</summary>
    public static class Embed
    {
        public const int Title = 256;
        public const int Description = 4096;
        public const int Fields = 25;
        public const int FieldName = 256;
        public const int FieldValue = 1024;
        public const int Footer = 2048;

        /// <summary>Title, description, field names and values and footer of every embed in one message, summed.</summary>
        public const int CharsPerMessage = 6000;
    }

    /// <summary>Rows of buttons under a message (Discord docs, "Component Reference": Action Row, Button; OpenAPI
    /// <c>ActionRowComponentForMessageRequest</c>, <c>ButtonComponentForMessageRequest</c>).</summary>
    public static class Components
    {
        public const int ButtonsPerRow = 5;
        public const int CustomId = 100;
        public const int ButtonLabel = 80;
    }

    /// <summary>Slash commands and their autocomplete answers (Discord docs, "Application Commands": Application
    /// Command Structure, Autocomplete).</summary>
    public static class Commands
    {
        public const int Description = 100;
        public const int AutocompleteChoices = 25;
        public const int ChoiceName = 100;
    }
}
