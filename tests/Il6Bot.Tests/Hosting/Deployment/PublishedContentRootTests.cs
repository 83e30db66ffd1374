using Il6Bot.Hosting.Deployment;
using Microsoft.Extensions.Configuration;

namespace Il6Bot.Tests.Hosting.Deployment;

/// <summary>
/// Which content root a bot starts with when it is not told: its own folder when that is a published folder
/// (settings and content beside the binary), otherwise whatever the host chooses (the working directory).
/// The native smoke tests show the same through a real published binary.
/// </summary>
public sealed class PublishedContentRootTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("il6bot-published-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Publish(bool settings = true, bool content = true)
    {
        if (settings)
        {
            File.WriteAllText(Path.Combine(_folder, PublishedContentRoot.SettingsFile), "{}");
        }

        if (content)
        {
            Directory.CreateDirectory(Path.Combine(_folder, PublishedContentRoot.ContentFolder));
        }
    }

    private static IConfiguration CommandLine(params string[] args) => new ConfigurationBuilder().AddCommandLine(args).Build();

    [Fact]
    public void A_published_folder_is_the_content_root()
    {
        Publish();

        Assert.Equal(_folder, PublishedContentRoot.Choose(CommandLine("--urls", "http://127.0.0.1:0"), _folder));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void A_build_output_without_settings_or_content_leaves_the_choice_to_the_host(bool settings, bool content)
    {
        Publish(settings, content);

        Assert.Null(PublishedContentRoot.Choose(CommandLine(), _folder));
    }

    [Theory]
    [InlineData("--contentRoot", "/srv/il6")]
    [InlineData("--contentRoot=/srv/il6")]
    [InlineData("--contentroot", "/srv/il6")]
    [InlineData("/contentRoot", "/srv/il6")]
    public void A_content_root_on_the_command_line_wins(params string[] args)
    {
        Publish();

        Assert.Null(PublishedContentRoot.Choose(CommandLine(args), _folder));
    }

    [Fact]
    public void A_content_root_from_the_environment_wins()
    {
        Publish();

        // What AddEnvironmentVariables("DOTNET_") makes of DOTNET_CONTENTROOT=/srv/il6.
        var environment = new ConfigurationBuilder().AddInMemoryCollection([new("CONTENTROOT", "/srv/il6")]).Build();

        Assert.Null(PublishedContentRoot.Choose(environment, _folder));
    }
}
