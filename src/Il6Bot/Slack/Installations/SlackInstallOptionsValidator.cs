using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Slack.Installations.KeyRing;
using Microsoft.Extensions.Options;

namespace Il6Bot.Slack.Installations;

/// <summary>Start-up validation of the install keys: each message names the key and never echoes the secret.</summary>
public sealed class SlackInstallOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<SlackInstallOptions>
{
    private const string MakeOne = "make one with `openssl rand -base64 32` and keep it outside the database (README \"Tokens at rest\")";

    public ValidateOptionsResult Validate(string? name, SlackInstallOptions options)
    {
        var errors = new List<string>();
        ValidateTokenEncryptionKey(options, errors);
        if (!options.IsEnabled)
        {
            // A secret without an id is a half-done set-up, not a single-workspace one.
            if (!string.IsNullOrWhiteSpace(options.ClientSecret))
            {
                errors.Add("Slack:ClientId is required when Slack:ClientSecret is set (Basic Information > App Credentials).");
            }

            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            errors.Add("Slack:ClientSecret is required with Slack:ClientId (Basic Information > App Credentials).");
        }

        if (!Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out var publicUrl)
            || !(publicUrl.Scheme == Uri.UriSchemeHttps || (publicUrl.Scheme == Uri.UriSchemeHttp && publicUrl.IsLoopback))
            || !string.IsNullOrEmpty(publicUrl.Query) || !string.IsNullOrEmpty(publicUrl.Fragment))
        {
            errors.Add("Slack:PublicUrl must be the bot's public https:// base URL (http:// only for a loopback address); " +
                "the redirect URI is {Slack:PublicUrl}" + SlackInstallOptions.CallbackPath + ".");
        }

        if (!Uri.TryCreate(options.OAuthBaseUrl, UriKind.Absolute, out var oauthBase) || (oauthBase.Scheme != Uri.UriSchemeHttps && oauthBase.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("Slack:OAuthBaseUrl must be an absolute http(s) URL (default https://slack.com).");
        }

        var scopes = options.Scopes.Split(',', StringSplitOptions.TrimEntries);
        if (scopes.Any(s => s.Length == 0 || s.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            errors.Add("Slack:Scopes must be a comma-separated list of bot scopes, e.g. " + SlackInstallOptions.DefaultScopes + ".");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// On PostgreSQL the key ring sits in the database beside the tokens, so without this key a dump of the database
    /// would open them; with SQLite it is in the data folder, off the database file, and the key is optional.
    /// </summary>
    private void ValidateTokenEncryptionKey(SlackInstallOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.TokenEncryptionKey))
        {
            if (options.IsEnabled && storage.Value.Provider == StorageProvider.Postgres)
            {
                errors.Add("Slack:TokenEncryptionKey is required with Slack:ClientId on PostgreSQL: it encrypts the key ring kept in the " +
                    "database, so a dump of the database alone opens no Slack token; " + MakeOne + ".");
            }
        }
        else if (KeyRingCipher.FromSecret(options.TokenEncryptionKey) is null)
        {
            errors.Add($"Slack:TokenEncryptionKey must be {KeyRingCipher.SecretBytes} random bytes in base64 (44 characters); " + MakeOne + ".");
        }
    }
}
