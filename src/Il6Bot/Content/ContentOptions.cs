namespace Il6Bot.Content;

public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>Folder with <c>il6.md</c> and <c>nudges.md</c>, relative to the content root.</summary>
    public string Path { get; set; } = "content";
}
