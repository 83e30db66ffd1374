using Il6Bot.Content;
using Il6Bot.Hosting;
using Il6Bot.Tests.Infrastructure;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Il6Bot.Tests.Hosting;

/// <summary>The one line Program prints when the host cannot start (the process itself: <see cref="StartupFailureProcessTests"/>).</summary>
public sealed class StartupFailureReportTests
{
    public static TheoryData<Exception, string> Failures() => new()
    {
        { new OptionsValidationException("", typeof(object), ["Discord:PublicKey must be 64 hex characters."]), "Discord:PublicKey must be 64 hex characters." },
        { new ContentException(new SourceLocation("content/il6.md", 7), "not valid UTF-8 (byte 0xFF)"), "content/il6.md:7: not valid UTF-8 (byte 0xFF)" },
        { new StartupException("Urls: the address is not http://host:port."), "Urls: the address is not http://host:port." },
        {
            new AggregateException(new OptionsValidationException("", typeof(object), ["A:B must be x."]), new OptionsValidationException("", typeof(object), ["C:D must be y."])),
            "A:B must be x.; C:D must be y."
        },
        {
            new IOException("Failed to bind to address http://127.0.0.1:5080: address already in use.", new AddressInUseException("Address already in use")),
            "Failed to bind to address http://127.0.0.1:5080: address already in use. Another process holds that port: stop it, or set Urls to a free one."
        },
        { new OperationCanceledException(), "stopped (Ctrl-C or SIGTERM) while starting." },
        { new InvalidCastException("boom"), "InvalidCastException: boom" },
        { new StartupException("Storage:ConnectionString: server said\r\nline two"), "Storage:ConnectionString: server said  line two" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void One_line_names_what_to_fix(Exception failure, string expected)
    {
        using var error = new StringWriter();

        var exitCode = StartupFailureReport.Write(failure, error);

        Assert.Equal(1, exitCode);
        Assert.Equal("Il6Bot did not start: " + expected + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task A_sqlite_folder_that_cannot_be_created_names_Storage_ConnectionString()
    {
        var blocker = Path.GetTempFileName();
        try
        {
            var error = await Assert.ThrowsAsync<StartupException>(() => BotHost.StartAsync(
                new Dictionary<string, string?> { ["Storage:ConnectionString"] = $"Data Source={Path.Combine(blocker, "data", "il6bot.db")}" },
                cancellationToken: TestContext.Current.CancellationToken));

            Assert.StartsWith($"Storage:ConnectionString: cannot create the folder {Path.Combine(blocker, "data")} for the SQLite file", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
