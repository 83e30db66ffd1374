using System.Globalization;
using Microsoft.Extensions.Options;

namespace Il6Bot.Discord;

/// <summary>Start-up validation: each message names the key and never echoes a secret's value.</summary>
public sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var errors = new List<string>();
        // Without credentials Discord is simply off (local mode), unless Gateway mode was asked for.
        if (!options.IsConfigured && options.Mode == DiscordMode.Http)
        {
            return ValidateOptionsResult.Success;
        }

        if (options.Mode == DiscordMode.Http)
        {
            if (string.IsNullOrWhiteSpace(options.PublicKey))
            {
                errors.Add("Discord:PublicKey is required for Discord:Mode=Http (the application's public key, 64 hex characters).");
            }
            else if (options.PublicKey.Trim().Length != 64 || !IsHex(options.PublicKey.Trim()))
            {
                errors.Add("Discord:PublicKey must be 64 hex characters (copy it from the Developer Portal, General Information).");
            }
        }

        if (options.Mode == DiscordMode.Gateway && string.IsNullOrWhiteSpace(options.BotToken))
        {
            errors.Add("Discord:BotToken is required for Discord:Mode=Gateway.");
        }

        if (!string.IsNullOrWhiteSpace(options.BotToken) && string.IsNullOrWhiteSpace(options.ApplicationId))
        {
            errors.Add("Discord:ApplicationId is required when Discord:BotToken is set (commands are registered under it).");
        }

        if (!string.IsNullOrWhiteSpace(options.ApplicationId) && !ulong.TryParse(options.ApplicationId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            errors.Add("Discord:ApplicationId must be a numeric snowflake id.");
        }

        if (!string.IsNullOrWhiteSpace(options.GuildId) && !ulong.TryParse(options.GuildId, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            errors.Add("Discord:GuildId must be a numeric snowflake id.");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out _))
        {
            errors.Add("Discord:ApiBaseUrl must be an absolute URL.");
        }

        if (!string.IsNullOrWhiteSpace(options.GatewayUrl) && !Uri.TryCreate(options.GatewayUrl, UriKind.Absolute, out _))
        {
            errors.Add("Discord:GatewayUrl must be an absolute ws:// or wss:// URL.");
        }

        if (options.ShardCount < 1 || options.ShardId < 0 || options.ShardId >= options.ShardCount)
        {
            errors.Add("Discord:ShardId must be between 0 and Discord:ShardCount - 1, and Discord:ShardCount at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHex(string value) => value.All(Uri.IsHexDigit);
}
