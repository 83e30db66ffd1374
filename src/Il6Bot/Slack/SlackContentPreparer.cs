using System.Collections.Frozen;
using Il6Bot.Commands.Il6;
using Il6Bot.Content;
using Il6Bot.Messages;

namespace Il6Bot.Slack;

/// <summary>
/// Renders every section to its Slack answer at content load, so the <c>/il6</c> request path is verify → look
/// up → write bytes. A section that cannot fit Slack's limits rejects the content, naming where it is.
/// </summary>
public sealed class SlackContentPreparer : IContentPreparer
{
    public object Prepare(ContentSnapshot snapshot)
    {
        var prepared = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in snapshot.AllSections)
        {
            var reply = SectionReplies.Build(snapshot, section);
            if (!TryRender(reply, out var message, out var problem))
            {
                throw new ContentException(section.Source, $"section '{section.Id}' cannot be sent to Slack even when split: {problem}");
            }

            prepared[reply.SectionId ?? section.Id] = SlackReplyRenderer.ToCommandResponseJson(reply, message);
        }

        return new SlackPreparedContent(prepared.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    private static bool TryRender(Reply reply, out SlackMessage message, out string problem)
    {
        try
        {
            message = SlackReplyRenderer.Render(reply, out var degraded);
            problem = "a link or word is too long for a Slack section; shorten it.";
            return !degraded;
        }
        catch (SlackLimitException ex)
        {
            message = new SlackMessage(string.Empty, []);
            problem = ex.Message;
            return false;
        }
    }
}
