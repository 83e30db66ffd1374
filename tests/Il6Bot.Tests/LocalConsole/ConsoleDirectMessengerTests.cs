using Il6Bot.LocalConsole;
using Il6Bot.Messages;

namespace Il6Bot.Tests.LocalConsole;

/// <summary>In the console a direct message is printed, like a nudge, marked with whom it is for.</summary>
public sealed class ConsoleDirectMessengerTests
{
    [Fact]
    public async Task A_direct_message_is_printed_marked_with_whom_it_is_for()
    {
        using var output = new StringWriter();
        var messenger = new ConsoleDirectMessenger(new ConsoleIO(TextReader.Null, output));

        var result = await messenger.SendAsync(ConsoleRepl.TenantId, ConsoleRepl.UserId, Reply.PublicText("Your schedule n1 stopped."), "k1", TestContext.Current.CancellationToken);

        Assert.True(result.Delivered);
        Assert.Equal("[direct message to console]\nYour schedule n1 stopped." + output.NewLine + output.NewLine, output.ToString());
    }
}
