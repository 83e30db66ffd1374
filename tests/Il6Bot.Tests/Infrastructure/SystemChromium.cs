using OpenQA.Selenium.Chrome;

namespace Il6Bot.Tests.Infrastructure;

/// <summary>
/// Debian's <c>chromium</c> driven headless through its own <c>chromium-driver</c>, both named by path so Selenium
/// Manager never looks for (or downloads) a browser or driver. Without them the test is skipped with instructions,
/// unless <c>IL6BOT_REQUIRE_CHROMIUM=1</c> (CI, whose <c>.ci/run</c> installs them), where it fails instead, as
/// <see cref="PostgresDatabase"/> does for PostgreSQL.
/// </summary>
public static class SystemChromium
{
    public const string RequireVariable = "IL6BOT_REQUIRE_CHROMIUM";

    public const string SkipMessage =
        "Browser tests did not run: no Chromium. Install Debian's `chromium` and `chromium-driver` (apt-get install chromium chromium-driver) and run dotnet test again.";

    private static readonly string[] BrowserNames = ["chromium", "chromium-browser"];

    private static int _skipAnnounced;

    /// <summary>A headless Chromium with a profile of its own (deleted with the driver's temp folder by the caller).</summary>
    public static ChromeDriver Start(string profileFolder)
    {
        var browser = Find(BrowserNames);
        var driver = Find(["chromedriver"]);
        if (browser is null || driver is null)
        {
            if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            {
                Assert.Fail($"{RequireVariable}=1 but {(browser is null ? "chromium" : "chromedriver")} is not on PATH, so the browser tests cannot run. apt-get install chromium chromium-driver.");
            }

            if (Interlocked.Exchange(ref _skipAnnounced, 1) == 0)
            {
                TestContext.Current.SendDiagnosticMessage(SkipMessage);
            }

            Assert.Skip(SkipMessage);
        }

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = browser };

        // Root in a container has no user namespace sandbox; /dev/shm there is often tiny.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--user-data-dir=" + profileFolder);
        var chrome = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        chrome.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(10);
        chrome.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        return chrome;
    }

    private static string? Find(string[] names) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => names.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);
}
