namespace Il6Bot.Tests.Infrastructure;

/// <summary>Finds the checkout's root (where Il6Bot.sln is) from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Content => Path.Combine(Root, "content");

    public static string SeedArticle => Path.GetFullPath(Path.Combine(Root, "..", "shared", "seed", "il6-article.txt"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Il6Bot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Il6Bot.sln not found above " + AppContext.BaseDirectory);
    }
}
