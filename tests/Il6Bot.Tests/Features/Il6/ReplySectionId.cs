using Il6Bot.Messages;

namespace Il6Bot.Tests.Features.Il6;

/// <summary>
/// Which article section a reply shows, read from the reply itself now that <see cref="Reply"/> carries no
/// section id (platforms key their renderings by the reply instance instead): a section's reply is public,
/// titled with the section's title and footed with the other topics (the overview may share a title).
/// </summary>
internal static class ReplySectionId
{
    extension(Reply reply)
    {
        public string? SectionId => reply.Ephemeral || reply.Footer?.StartsWith("Other topics:", StringComparison.Ordinal) != true
            ? null
            : ArticleFixture.Snapshot.AllSections.FirstOrDefault(s => s.Title == reply.Title)?.Id;
    }
}
