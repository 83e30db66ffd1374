namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// One forward-only schema step. Versions are consecutive from 1; a released migration is never edited,
/// a change is a new version (databases in the field have already run the old text).
/// </summary>
/// <param name="Sql">One or more statements in the store's dialect, run in one transaction.</param>
public sealed record Migration(int Version, string Description, string Sql);
