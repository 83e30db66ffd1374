namespace Il6Bot.Content;

/// <summary>Implemented by a command whose answers are fixed by the content: it builds them once per load.</summary>
public interface IContentReplies
{
    /// <returns>The replies this snapshot fixes; each is the instance the command answers with.</returns>
    IReadOnlyList<PreparedReply> Prepare(ContentSnapshot snapshot);
}
