using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Il6Bot.Slack.Installations.Storage;

/// <summary>
/// Encrypts an installation's tokens for the database with ASP.NET Core Data Protection. The purpose names the
/// workspace, so a ciphertext copied into another workspace's row does not decrypt there.
/// </summary>
public sealed class InstallationTokenProtector(IDataProtectionProvider provider)
{
    private const string Purpose = "Il6Bot.Slack.Installations.Tokens.v1";

    public string Protect(SlackTeam team, string token) => For(team).Protect(token);

    /// <summary>The plain token, or null when the key ring no longer holds the key that wrote it (or the row was tampered with).</summary>
    public string? Unprotect(SlackTeam team, string ciphertext)
    {
        try
        {
            return For(team).Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private IDataProtector For(SlackTeam team) => provider.CreateProtector(Purpose, team.EnterpriseId ?? string.Empty, team.TeamId);
}
