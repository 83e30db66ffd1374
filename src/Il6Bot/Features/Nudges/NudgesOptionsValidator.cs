using Il6Bot.Features.Nudges.Scheduling;
using Microsoft.Extensions.Options;

namespace Il6Bot.Features.Nudges;

/// <summary>Start-up validation of the <c>Nudges</c> section; each message names the key and what to write.</summary>
public sealed class NudgesOptionsValidator : IValidateOptions<NudgesOptions>
{
    public ValidateOptionsResult Validate(string? name, NudgesOptions options)
    {
        var errors = new List<string>();
        if (!WeeklyOccurrences.IsKnownZone(options.DefaultTimeZone))
        {
            // Not quoted: a value in the wrong key can be a secret.
            errors.Add("Nudges:DefaultTimeZone is not a known IANA time zone id (e.g. UTC or Europe/Berlin).");
        }

        if (options.MisfireGrace <= TimeSpan.Zero)
        {
            errors.Add($"Nudges:MisfireGrace must be a positive duration such as 01:00:00 (was {options.MisfireGrace}).");
        }
        else if (options.MisfireGrace >= TimeSpan.FromDays(7))
        {
            // A grace of a week or more would let one restart post two weeks' nudges back to back.
            errors.Add($"Nudges:MisfireGrace must be shorter than a week (was {options.MisfireGrace}).");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(100) || options.PollInterval > TimeSpan.FromMinutes(5))
        {
            // Shorter would spend the store on polling; longer would leave another instance's schedules late.
            errors.Add($"Nudges:PollInterval must be a duration from 00:00:00.1 to 00:05:00 (was {options.PollInterval}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
