using System.Runtime.CompilerServices;
using Il6Bot.Content;
using Il6Bot.Messages;

namespace Il6Bot.Slack.Rendering;

/// <summary>
/// The content's fixed replies rendered at load to their slash-command answers, keyed by the reply instance, so
/// the <c>/il6</c> request path is verify → look up → write bytes. A reply that cannot fit Slack's limits rejects
/// the content, naming where it is.
/// </summary>
public sealed class SlackRenderCache : IRenderCache
{
    private readonly ConditionalWeakTable<Reply, byte[]> _byReply = new();

    public void Warm(IReadOnlyList<PreparedReply> replies)
    {
        foreach (var prepared in replies)
        {
            if (!TryRender(prepared.Reply, out var message, out var problem))
            {
                throw new ContentException(prepared.Source, $"section '{prepared.Name}' cannot be sent to Slack even when split: {problem}");
            }

            _byReply.AddOrUpdate(prepared.Reply, SlackReplyRenderer.ToCommandResponseJson(prepared.Reply, message));
        }
    }

    /// <summary>A degraded rendering (a link or word cut to fit) is sent live, but content that needs one is refused at load.</summary>
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

    public bool TryGet(Reply reply, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? json) =>
        _byReply.TryGetValue(reply, out json);
}
