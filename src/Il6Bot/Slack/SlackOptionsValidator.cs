using Microsoft.Extensions.Options;

namespace Il6Bot.Slack;

/// <summary>Start-up validation: each message names the key and never echoes a secret's value.</summary>
public sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        // Without credentials Slack is simply off (local mode), unless Socket Mode was asked for.
        if (!options.IsConfigured && options.Mode == SlackMode.Http)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (options.Mode == SlackMode.Http && string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            errors.Add("Slack:SigningSecret is required for Slack:Mode=Http (Basic Information > App Credentials).");
        }

        if (options.Mode == SlackMode.SocketMode && !(options.AppToken?.StartsWith("xapp-", StringComparison.Ordinal) ?? false))
        {
            errors.Add("Slack:AppToken must be an app-level token starting with xapp- for Slack:Mode=SocketMode.");
        }

        if (!string.IsNullOrWhiteSpace(options.BotToken) && !options.BotToken.StartsWith("xoxb-", StringComparison.Ordinal))
        {
            errors.Add("Slack:BotToken must be a bot token starting with xoxb-.");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out _))
        {
            errors.Add("Slack:ApiBaseUrl must be an absolute URL.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
