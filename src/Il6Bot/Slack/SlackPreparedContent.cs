using System.Collections.Frozen;

namespace Il6Bot.Slack;

/// <summary>Every section's slash-command answer as ready-to-write UTF-8 JSON, built once per content load.</summary>
public sealed class SlackPreparedContent(FrozenDictionary<string, byte[]> bySectionId)
{
    public int Count => bySectionId.Count;

    public bool TryGet(string sectionId, out byte[] json) =>
        bySectionId.TryGetValue(sectionId, out json!);
}
