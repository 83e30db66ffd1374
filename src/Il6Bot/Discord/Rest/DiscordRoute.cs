namespace Il6Bot.Discord.Rest;

/// <summary>
/// A request's rate-limit identity: method + route template + major parameter, as Discord buckets them.
/// <see cref="Display"/> is safe to log: webhook and interaction tokens are masked.
/// </summary>
public readonly record struct DiscordRoute(string Key, string Display, bool CountsTowardsGlobal)
{
    private static readonly string[] MajorParents = ["channels", "guilds", "webhooks", "interactions"];

    public static DiscordRoute From(HttpMethod method, Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var key = new List<string>(segments.Length + 1) { method.Method };
        var display = new List<string>(segments.Length + 1) { method.Method };
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var parent = i > 0 ? segments[i - 1] : string.Empty;
            var grandparent = i > 1 ? segments[i - 2] : string.Empty;
            if (MajorParents.Contains(parent, StringComparer.Ordinal))
            {
                key.Add(segment);
                display.Add(parent is "webhooks" or "interactions" ? "{id}" : segment);
            }
            else if (grandparent is "webhooks" or "interactions")
            {
                // The token after a webhook or interaction id belongs to the major parameter (and is a secret).
                key.Add(segment);
                display.Add("{token}");
            }
            else if (segment.Length > 0 && segment.All(char.IsAsciiDigit))
            {
                key.Add("{id}");
                display.Add("{id}");
            }
            else
            {
                key.Add(segment);
                display.Add(segment);
            }
        }

        // Interaction responses and their webhooks are exempt from the bot's global limit (Discord docs, "Rate Limits").
        var global = !segments.Any(s => s is "webhooks" or "interactions");
        return new DiscordRoute(string.Join('/', key), string.Join('/', display), global);
    }
}
