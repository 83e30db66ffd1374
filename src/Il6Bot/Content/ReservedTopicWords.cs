using System.Collections.Frozen;

namespace Il6Bot.Content;

/// <summary>
/// The words <c>/il6</c> answers itself, before it looks a topic up: a topic id or alias spelled like one could
/// never be reached, so the article may not use them (one list for the command and the content check).
/// </summary>
public static class ReservedTopicWords
{
    // /il6 help and its synonyms give the usage.
    private static readonly FrozenSet<string> Usage = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "help", "usage", "commands", "options", "?", "-h", "--help", "/help");

    // /il6 topics and its synonyms give the overview with the topic list.
    private static readonly FrozenSet<string> TopicList = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "topics", "list", "index", "contents", "menu");

    // Read by a slice of the typed text too, so a word asked or quoted (help?, "list") is checked without a copy.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> UsageBySpan =
        Usage.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TopicListBySpan =
        TopicList.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether <paramref name="word"/> is a usage word; for text typed with marks around it, pass <see cref="TopicKey.WithoutMarks"/>.</summary>
    public static bool IsUsage(ReadOnlySpan<char> word) => UsageBySpan.Contains(word);

    /// <summary>Whether <paramref name="word"/> is a topic-list word; for text typed with marks around it, pass <see cref="TopicKey.WithoutMarks"/>.</summary>
    public static bool IsTopicList(ReadOnlySpan<char> word) => TopicListBySpan.Contains(word);

    /// <summary>What <c>/il6 <paramref name="word"/></c> gives instead of a topic, or null when it is free to use.</summary>
    public static string? Answer(string word) =>
        Usage.Contains(word) ? "the usage" : TopicList.Contains(word) ? "the topic list" : null;
}
