using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Il6Bot.Slack.Installations.Storage;

/// <summary>
/// Encrypts an installation's tokens for the database with ASP.NET Core Data Protection. The purpose names the
/// workspace, so a ciphertext copied into another workspace's row does not decrypt there.
/// </summary>
/// <remarks>
/// Data Protection is built at the first token, not with this object: building it builds the key manager, which reads
/// the key ring (and loads an XML stack, about 1 MB resident). The installation store is a dependency of every Slack
/// bot, but a single-workspace bot never protects or reads a token.
/// </remarks>
public sealed class InstallationTokenProtector(Func<IDataProtectionProvider> provider)
{
    private const string Purpose = "Il6Bot.Slack.Installations.Tokens.v1";

    // PublicationOnly: a failure to build it is not remembered, so the next token tries again.
    private readonly Lazy<IDataProtectionProvider> _provider = new(provider, LazyThreadSafetyMode.PublicationOnly);

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

    private IDataProtector For(SlackTeam team) => _provider.Value.CreateProtector(Purpose, team.EnterpriseId ?? string.Empty, team.TeamId);
}
