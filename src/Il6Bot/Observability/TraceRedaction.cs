using System.Diagnostics;
using OpenTelemetry;

namespace Il6Bot.Observability;

/// <summary>
/// Keeps secrets out of exported spans. Outbound URLs carry them in the path (a Discord interaction token, a Slack
/// <c>response_url</c>'s secret), so a client span's <c>url.full</c> keeps only the scheme, host and the path
/// segments that are plainly route words; a database span loses its connection string.
/// </summary>
internal sealed class TraceRedaction : BaseProcessor<Activity>
{
    private const string UrlFull = "url.full";
    private const string Redacted = "{redacted}";

    private static readonly System.Buffers.SearchValues<char> WordCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._-@");

    public override void OnEnd(Activity data)
    {
        if (data.GetTagItem(UrlFull) is string url && data.Kind == ActivityKind.Client)
        {
            data.SetTag(UrlFull, RedactUrl(url));
        }

        if (data.GetTagItem("db.connection_string") is not null)
        {
            data.SetTag("db.connection_string", null);
        }
    }

    /// <summary><c>https://host/api/v10/webhooks/{redacted}/{redacted}/messages/@original</c>; no query, no fragment.</summary>
    internal static string RedactUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return Redacted;
        }

        var segments = uri.AbsolutePath.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!IsRouteWord(segments[i]))
            {
                segments[i] = Redacted;
            }
        }

        return uri.GetLeftPart(UriPartial.Authority) + string.Join('/', segments);
    }

    // Route words: "api", "v10", "chat.postMessage", "@original", "callback". Ids and tokens have digits or are
    // long: a 24-character secret can happen to be all letters, so a plain word is kept only up to 16 characters
    // (the longest route word is shorter); Web API method names are told by their dot.
    private static bool IsRouteWord(string segment)
    {
        if (segment.Length == 0)
        {
            return true;
        }

        if (segment.Length <= 4 && segment[0] == 'v' && segment.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return true;
        }

        var maxLength = segment.Contains('.', StringComparison.Ordinal) ? 32 : 16;
        return segment.Length <= maxLength
            && segment.AsSpan().IndexOfAnyExcept(WordCharacters) < 0;
    }
}
