using System.Globalization;
using Il6Bot.Discord.Interactions;
using Il6Bot.Discord.Rest;

namespace Il6Bot.Tests.Discord.Interactions;

/// <summary>
/// Discord's permission algorithm for the bot in a channel, as a table. The guild is "G" (so the @everyone
/// role is "G"), the bot is user "B" with roles "R1" and "R2"; "R3" and user "X" are somebody else's.
/// V = View Channel (1024), S = Send Messages (2048), E = Embed Links (16384), A = Administrator (8).
/// Overwrites: "@everyone:allow:deny", "role id:allow:deny", "member id:allow:deny", separated by ';'.
/// </summary>
public sealed class DiscordPermissionsTests
{
    [Theory]
    [InlineData("VSE", "", "", false, "")]
    [InlineData("", "VSE", "", false, "")] // from a role
    [InlineData("", "", "", false, "View Channel, Send Messages, Embed Links")]
    [InlineData("VS", "", "", false, "Embed Links")]
    [InlineData("VSE", "", "@everyone::S", false, "Send Messages")] // channel denies @everyone
    [InlineData("VSE", "", "@everyone::S;R1:S:", false, "")] // the bot's role is allowed back
    [InlineData("VSE", "", "R1:S:;R2::S", false, "")] // among roles, allows win over denies
    [InlineData("VSE", "", "R1:S:;B::S", false, "Send Messages")] // the member's own overwrite is last
    [InlineData("VSE", "", "@everyone::V;B:V:", false, "")]
    [InlineData("VSE", "", "R3::VSE", false, "")] // a role the bot does not have
    [InlineData("VSE", "", "X::VSE", false, "")] // another member
    [InlineData("VSE", "", "@everyone::VSE;R1:VS:", false, "Embed Links")]
    [InlineData("", "VSE", "@everyone::E;R2::SE", false, "Send Messages, Embed Links")]
    [InlineData("", "A", "@everyone::VSE;B::VSE", false, "")] // Administrator ignores overwrites
    [InlineData("", "", "@everyone::VSE", true, "")] // so does owning the guild
    public void The_bots_channel_permissions_follow_Discords_hierarchy(string everyone, string botRole, string overwrites, bool owner, string missing)
    {
        var guild = new DiscordGuild("G", owner ? "B" : "O", [new DiscordRole("G", Bits(everyone)), new DiscordRole("R1", Bits(botRole)), new DiscordRole("R2", "0"), new DiscordRole("R3", Bits("VSE"))]);
        var channel = new DiscordChannel("C", "G", 0, "general", Overwrites(overwrites));

        var permissions = DiscordPermissions.Compute(guild, "B", ["R1", "R2"], channel);

        Assert.Equal(missing, string.Join(", ", DiscordPermissions.MissingForNudges(permissions)));
    }

    [Fact]
    public void Bits_beyond_64_and_unparseable_values_do_not_break_the_computation()
    {
        var guild = new DiscordGuild("G", "O", [new DiscordRole("G", ((System.Numerics.BigInteger.One << 70) | 19456).ToString(CultureInfo.InvariantCulture)), new DiscordRole("R1", "not a number")]);
        var channel = new DiscordChannel("C", "G", 0, null, [new DiscordOverwrite("R1", DiscordOverwrite.RoleType, null, "garbage")]);

        Assert.Empty(DiscordPermissions.MissingForNudges(DiscordPermissions.Compute(guild, "B", ["R1"], channel)));
    }

    private static List<DiscordOverwrite> Overwrites(string spec) =>
        spec.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split(':'))
            .Select(p => p[0] switch
            {
                "@everyone" => new DiscordOverwrite("G", DiscordOverwrite.RoleType, Bits(p[1]), Bits(p[2])),
                ['R', ..] => new DiscordOverwrite(p[0], DiscordOverwrite.RoleType, Bits(p[1]), Bits(p[2])),
                _ => new DiscordOverwrite(p[0], DiscordOverwrite.MemberType, Bits(p[1]), Bits(p[2])),
            })
            .ToList();

    private static string Bits(string letters) => letters.Sum(c => c switch
    {
        'V' => 1024,
        'S' => 2048,
        'E' => 16384,
        'A' => 8,
        _ => throw new ArgumentException(letters),
    }).ToString(CultureInfo.InvariantCulture);
}
