namespace Il6Bot.Hosting.Deployment;

/// <summary>
/// The content root of a published folder is the folder itself. An operator starts <c>./out/Il6Bot</c> from a
/// unit file or another directory, and the host's own default, the working directory, would then hold neither
/// <c>appsettings.json</c> nor <c>content/</c>: the bot would start with no settings and refuse for want of
/// content. A build started by <c>dotnet run</c> has neither beside its binary (they are copied on publish
/// only), so it keeps the working directory, the repo root. A content root named on the command line or in the
/// environment always wins, as it does for the host.
/// </summary>
public static class PublishedContentRoot
{
    public const string SettingsFile = "appsettings.json";

    public const string ContentFolder = "content";

    /// <summary>The host's settings with the binary's folder as content root when that applies.</summary>
    public static WebApplicationOptions HostOptions(string[] args) => new()
    {
        Args = args,
        ContentRootPath = Choose(NamedBy(args), AppContext.BaseDirectory),
    };

    /// <summary>The same sources, in the same order, the host reads its content root from.</summary>
    public static IConfiguration NamedBy(string[] args) =>
        new ConfigurationBuilder().AddEnvironmentVariables("DOTNET_").AddEnvironmentVariables("ASPNETCORE_").AddCommandLine(args).Build();

    /// <summary>
    /// <paramref name="binaryFolder"/> when it holds the settings file and the content folder and
    /// <paramref name="hostSettings"/> name no content root; otherwise null, which leaves the choice to the host.
    /// </summary>
    public static string? Choose(IConfiguration hostSettings, string binaryFolder)
    {
        if (!string.IsNullOrEmpty(hostSettings[HostDefaults.ContentRootKey]))
        {
            return null;
        }

        return File.Exists(Path.Combine(binaryFolder, SettingsFile)) && Directory.Exists(Path.Combine(binaryFolder, ContentFolder))
            ? binaryFolder
            : null;
    }
}
