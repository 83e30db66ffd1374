using Il6Bot.Tests.EndToEnd;
using Il6Bot.Tests.Infrastructure;
using OpenQA.Selenium;

namespace Il6Bot.Tests.Slack.Installations.OAuth;

/// <summary>
/// The install flow in a real headless Chromium, the way a workspace admin goes through it: the bot's install page,
/// Slack's (fake) authorize page, back to the bot's success page. This is also what shows that a real browser keeps
/// the Secure, HttpOnly, SameSite=Lax state cookie over http://127.0.0.1 and sends it on the redirect back.
/// </summary>
public sealed class SlackInstallBrowserTests
{
    [Fact]
    public async Task A_workspace_admin_installs_the_bot_in_Chromium()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha <Lifters>");
        var host = await world.StartHostAsync();
        var profile = world.Slack.NewTempDir();
        using var chrome = SystemChromium.Start(profile);

        await chrome.Navigate().GoToUrlAsync(new Uri(host.BaseAddress, "/slack/install").ToString());
        chrome.FindElement(By.Id("add-to-slack")).Click();
        Assert.Contains("Alpha <Lifters>", chrome.FindElement(By.TagName("h1")).Text, StringComparison.Ordinal);
        chrome.FindElement(By.Id("allow")).Click();
        var installed = chrome.FindElement(By.Id("installed")).Text;

        Assert.Equal("Il6Bot is now installed in Alpha <Lifters>.", installed);
        Assert.StartsWith(host.BaseAddress + "slack/oauth/callback?", chrome.Url, StringComparison.Ordinal);
        var stored = await InstallWorld.Contract(host).FindAsync(new(null, "T0ALPHA"), E2E.Ct);
        Assert.Equal(world.Slack.Fake.LastTokenFor("T0ALPHA"), stored!.BotToken);

        // The state cookie has done its work: the callback deleted it.
        Assert.DoesNotContain(chrome.Manage().Cookies.AllCookies, c => c.Name == InstallBrowser.CookieName);
        chrome.Quit();
    }

    [Fact]
    public async Task Going_back_and_reloading_the_callback_in_Chromium_is_refused()
    {
        await using var world = await InstallWorld.StartAsync();
        world.Slack.Fake.AddWorkspace("T0ALPHA", "Alpha Lifters");
        var host = await world.StartHostAsync();
        using var chrome = SystemChromium.Start(world.Slack.NewTempDir());
        await chrome.Navigate().GoToUrlAsync(new Uri(host.BaseAddress, "/slack/install").ToString());
        chrome.FindElement(By.Id("add-to-slack")).Click();
        chrome.FindElement(By.Id("allow")).Click();
        chrome.FindElement(By.Id("installed"));

        await chrome.Navigate().RefreshAsync();

        Assert.Contains("Il6Bot was not installed", chrome.FindElement(By.TagName("h1")).Text, StringComparison.Ordinal);
        Assert.Equal(1, world.Slack.Fake.ExchangeCalls);
        chrome.Quit();
    }
}
