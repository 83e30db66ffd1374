using System.Text;
using CsCheck;
using Il6Bot.Slack.Commands;
using Microsoft.AspNetCore.WebUtilities;

namespace Il6Bot.Tests.Slack.Commands;

/// <summary>
/// The slash-command form is decoded straight from the request bytes; these hold it to what ASP.NET Core's own
/// <see cref="QueryHelpers.ParseQuery(string)"/> makes of the same body, for the seven fields the bot reads.
/// </summary>
public sealed class SlackFormDecodingTests
{
    private static readonly string[] Fields = ["command", "team_id", "channel_id", "user_id", "text", "response_url", "trigger_id"];

    // Field names in any case, other names, and the characters that make form decoding interesting.
    private static readonly Gen<string> Token = Gen.OneOf(
        Gen.Const(new[] { "command", "TEAM_ID", "Channel_Id", "user_id", "text", "response_url", "trigger_id", "Trigger_ID", "trigger%5Fid", "user%5Fid", "te+xt", "t%65xt" }).SelectMany(names => Gen.Int[0, names.Length - 1].Select(i => names[i])),
        Gen.String[Gen.Char["az_+%=&é0123456789ABCDEF:/ı"], 0, 12]);

    private static readonly Gen<string> Bodies = Gen.Select(Token, Gen.Frequency((3, Gen.Const("=")), (1, Gen.Const(""))), Token)
        .Select((name, eq, value) => name + eq + value)
        .Array[0, 8]
        .Select(pairs => string.Join("&", pairs));

    [Fact]
    public void Any_form_body_decodes_as_QueryHelpers_decodes_it()
    {
        Bodies.Sample(body =>
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var expected = QueryHelpers.ParseQuery(body);
            var actual = SlackSlashCommand.DecodeFields(bytes);
            for (var i = 0; i < Fields.Length; i++)
            {
                var want = expected.TryGetValue(Fields[i], out var values) ? values.ToString() : null;
                Assert.Equal(want, actual[i]);
            }
        }, iter: 5_000);
    }

    [Theory]
    [InlineData("command=%2Fil6&text=fat+and+muscle&user_id=U1", "/il6", "fat and muscle", "U1")]
    [InlineData("COMMAND=/il6&Text=caf%C3%A9&USER_ID=U1", "/il6", "café", "U1")]
    [InlineData("command=/il6&text=a&text=b&user_id=U1", "/il6", "a,b", "U1")]
    [InlineData("command=/il6&text=a&text=&user_id=U1", "/il6", "a", "U1")]
    [InlineData("command=/il6&text&user_id=U1&trigger_id=1.2", "/il6", "", "U1")]
    [InlineData("command=/il6&te%78t=covid&user_id=U%31", "/il6", "covid", "U1")]
    public void Known_bodies_decode_to_the_fields_Slack_sent(string body, string command, string text, string user)
    {
        var fields = SlackSlashCommand.DecodeFields(Encoding.UTF8.GetBytes(body));

        Assert.Equal(command, fields[0]);
        Assert.Equal(text, fields[4]);
        Assert.Equal(user, fields[3]);
    }
}
