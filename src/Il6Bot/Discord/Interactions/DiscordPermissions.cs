using System.Globalization;
using System.Numerics;
using Il6Bot.Discord.Rest;

namespace Il6Bot.Discord.Interactions;

/// <summary>
/// A member's permissions in a channel, computed as Discord documents it ("Permissions" → "Permission
/// Hierarchy"): the guild owner and Administrator have everything; otherwise the @everyone role's bits OR
/// the member's roles' bits, then the channel's overwrites in order — @everyone's, the member's roles' (all
/// denies, then all allows), the member's own.
/// </summary>
public static class DiscordPermissions
{
    public static readonly BigInteger Administrator = BigInteger.One << 3;
    public static readonly BigInteger ViewChannel = BigInteger.One << 10;
    public static readonly BigInteger SendMessages = BigInteger.One << 11;
    public static readonly BigInteger EmbedLinks = BigInteger.One << 14;

    private static readonly BigInteger All = (BigInteger.One << 64) - 1;

    /// <param name="guild">The guild's roles (the @everyone role has the guild's id) and owner.</param>
    /// <param name="userId">The member whose permissions are computed.</param>
    /// <param name="memberRoles">That member's role ids (without @everyone).</param>
    /// <param name="channel">The channel, with its permission overwrites.</param>
    public static BigInteger Compute(DiscordGuild guild, string userId, IReadOnlyList<string> memberRoles, DiscordChannel channel)
    {
        if (guild.OwnerId == userId)
        {
            return All;
        }

        var roles = (guild.Roles ?? []).ToDictionary(r => r.Id, r => Parse(r.Permissions), StringComparer.Ordinal);
        var permissions = roles.GetValueOrDefault(guild.Id);
        foreach (var role in memberRoles)
        {
            permissions |= roles.GetValueOrDefault(role);
        }

        if ((permissions & Administrator) != 0)
        {
            return All;
        }

        var overwrites = channel.PermissionOverwrites ?? [];
        if (overwrites.FirstOrDefault(o => o.Id == guild.Id) is { } everyone)
        {
            permissions = Apply(permissions, Parse(everyone.Allow), Parse(everyone.Deny));
        }

        BigInteger allow = 0, deny = 0;
        foreach (var overwrite in overwrites.Where(o => o.Type == DiscordOverwrite.RoleType && o.Id != guild.Id && memberRoles.Contains(o.Id, StringComparer.Ordinal)))
        {
            allow |= Parse(overwrite.Allow);
            deny |= Parse(overwrite.Deny);
        }

        permissions = Apply(permissions, allow, deny);
        if (overwrites.FirstOrDefault(o => o.Type == DiscordOverwrite.MemberType && o.Id == userId) is { } member)
        {
            permissions = Apply(permissions, Parse(member.Allow), Parse(member.Deny));
        }

        return permissions;
    }

    /// <summary>The names of the nudge permissions missing from <paramref name="permissions"/>, in the order
    /// Discord's settings list them; empty when a nudge can be posted.</summary>
    public static IReadOnlyList<string> MissingForNudges(BigInteger permissions)
    {
        var missing = new List<string>(3);
        if ((permissions & ViewChannel) == 0)
        {
            missing.Add("View Channel");
        }

        if ((permissions & SendMessages) == 0)
        {
            missing.Add("Send Messages");
        }

        if ((permissions & EmbedLinks) == 0)
        {
            missing.Add("Embed Links");
        }

        return missing;
    }

    private static BigInteger Apply(BigInteger permissions, BigInteger allow, BigInteger deny) => (permissions & ~deny) | allow;

    private static BigInteger Parse(string? bits) =>
        BigInteger.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : BigInteger.Zero;
}
