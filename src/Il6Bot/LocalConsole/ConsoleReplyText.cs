using System.Text;
using Il6Bot.Messages;

namespace Il6Bot.LocalConsole;

/// <summary>
/// A reply as the console prints it: the plain text, then each button as the command it stands for
/// (<c>→ /il6 how</c>), so the console stays a faithful preview of what members see and can follow by typing.
/// </summary>
public static class ConsoleReplyText
{
    public static string Render(Reply reply)
    {
        var text = PlainText.Render(reply);
        if (reply.Mention is { } mention)
        {
            text = (mention.Kind == MentionKind.Here ? "@here" : "@" + mention.GroupId) + "\n" + text;
        }

        if (reply.Buttons.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text).Append('\n');
        foreach (var button in reply.Buttons)
        {
            builder.Append("\n[").Append(button.Label).Append("] \u2192 ").Append(button.Action.Command);
        }

        return builder.ToString();
    }
}
