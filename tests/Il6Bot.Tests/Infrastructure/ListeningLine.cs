using System.Text.RegularExpressions;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// Kestrel's <c>Now listening on: http://127.0.0.1:PORT</c> line: where a bot process started on port 0 is served,
/// and that its start-up is over.
/// </summary>
internal static partial class ListeningLine
{
    public static Uri? Parse(string line) =>
        Pattern().Match(line) is { Success: true } match ? new Uri(match.Groups[1].Value) : null;

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Pattern();
}
