using Il6Bot.Hosting;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.Hosting;

/// <summary>A malformed address in Urls stops start-up naming Urls, instead of Kestrel listening on port 80 everywhere.</summary>
public sealed class ListenAddressCheckTests
{
    [Theory]
    [InlineData("http://127.0.0.1:notaport")]
    [InlineData("http://127.0.0.1:")]
    [InlineData("http://127.0.0.1:99999")]
    [InlineData("http://127.0.0.1:-1")]
    [InlineData("http://[::1]:notaport")]
    [InlineData("http://:5080")]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("http://127.0.0.1:5080/base")]
    [InlineData("http://127.0.0.1 5080")]
    [InlineData("http://127.0.0.1:5080;http://127.0.0.1:notaport")]
    [InlineData("http://127.0.0.1:5080; http://127.0.0.1:5081")]
    public async Task Host_start_fails_naming_Urls(string urls)
    {
        var error = await Assert.ThrowsAsync<StartupException>(() => BotHost.StartAsync(
            new Dictionary<string, string?> { ["urls"] = urls },
            cancellationToken: TestContext.Current.CancellationToken));

        Assert.StartsWith("Urls: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("port from 0 to 65535", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("notaport", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:80")]
    [InlineData("https://[::1]:443")]
    [InlineData("HTTP://bot.example.org:8080")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://unix:/run/il6bot.sock")]
    public void Addresses_kestrel_can_listen_on_pass(string address)
    {
        Assert.True(ListenAddressCheck.IsValid(address));
    }

    [Fact]
    public async Task Several_good_addresses_start()
    {
        await using var host = await BotHost.StartAsync(
            new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0;http://127.0.0.1:0" },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, host.App.Urls.Count);
    }
}
