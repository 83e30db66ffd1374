using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Il6Bot.Content;
using Il6Bot.Discord;
using Il6Bot.Features.Insights;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.LocalConsole;
using Il6Bot.Observability;
using Il6Bot.Slack;
using Microsoft.Extensions.Options;

namespace Il6Bot.Hosting;

/// <summary>
/// Checks, before anything binds them, that every non-text setting converts to its type. A value in the wrong
/// key can be a secret (<c>Storage:Provider=Password=...</c>), and the configuration binder's own error
/// quotes the value; these messages name the key and the form it takes, never the value.
/// </summary>
public static class ConfigurationValueCheck
{
    /// <summary>Every options section the bot binds; a test holds this list to the options types in the assembly.</summary>
    internal static readonly IReadOnlyList<OptionsSection> Sections =
    [
        OptionsSection.Of<ContentOptions>(ContentOptions.Section),
        OptionsSection.Of<StorageOptions>(StorageOptions.Section),
        OptionsSection.Of<NudgesOptions>(NudgesOptions.Section),
        OptionsSection.Of<InsightsOptions>(InsightsOptions.Section),
        OptionsSection.Of<DiscordOptions>(DiscordOptions.Section),
        OptionsSection.Of<SlackOptions>(SlackOptions.Section),
        OptionsSection.Of<ConsoleOptions>(ConsoleOptions.Section),
        OptionsSection.Of<MetricsOptions>(MetricsOptions.Section),
    ];

    private const string LoggingSection = "Logging";

    private const string LogLevelKey = "LogLevel";

    /// <exception cref="OptionsValidationException">One options type has values that do not convert.</exception>
    /// <exception cref="AggregateException">Several have (one <see cref="OptionsValidationException"/> each).</exception>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        var failures = new List<OptionsValidationException>();
        foreach (var section in Sections)
        {
            var errors = section.Check(configuration);
            if (errors.Count > 0)
            {
                failures.Add(new OptionsValidationException(Options.DefaultName, section.Type, errors));
            }
        }

        var logLevelErrors = CheckLogLevels(configuration);
        if (logLevelErrors.Count > 0)
        {
            failures.Add(new OptionsValidationException(Options.DefaultName, typeof(LoggerFilterOptions), logLevelErrors));
        }

        if (failures.Count == 1)
        {
            throw failures[0];
        }

        if (failures.Count > 1)
        {
            throw new AggregateException(failures);
        }
    }

    /// <summary>What a value of this type looks like in configuration; null for text, which always binds.</summary>
    internal static string? ExpectedForm(Type type) => type switch
    {
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) => "a whole number",
        _ when type == typeof(TimeSpan) => "a duration such as 01:00:00 (hours:minutes:seconds)",
        { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ => null,
    };

    // The same parses the binder applies (it trims, ignores case for enum names and accepts enum numbers).
    private static bool Converts(Type type, string value) => type switch
    {
        _ when type == typeof(bool) => bool.TryParse(value, out _),
        _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        _ when type == typeof(TimeSpan) => TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out _),
        { IsEnum: true } => Enum.TryParse(type, value, ignoreCase: true, out _),
        _ => true,
    };

    // Logging:LogLevel:<category> and Logging:<provider>:LogLevel:<category>; the logging setup's error quotes the value too.
    private static List<string> CheckLogLevels(IConfiguration configuration)
    {
        var errors = new List<string>();
        foreach (var (key, value) in configuration.GetSection(LoggingSection).AsEnumerable())
        {
            var segments = key.Split(ConfigurationPath.KeyDelimiter);
            if (segments.Length >= 3
                && segments[^2].Equals(LogLevelKey, StringComparison.OrdinalIgnoreCase)
                && !string.IsNullOrEmpty(value)
                && !Enum.TryParse<LogLevel>(value, ignoreCase: true, out _))
            {
                errors.Add($"{key} must be {ExpectedForm(typeof(LogLevel))}.");
            }
        }

        return errors;
    }

    internal sealed class OptionsSection
    {
        private OptionsSection(string name, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type)
        {
            Name = name;
            Type = type;
        }

        public string Name { get; }

        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
        public Type Type { get; }

        public static OptionsSection Of<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(string name) =>
            new(name, typeof(TOptions));

        /// <summary>Properties the binder sets from a single value: settable, not text.</summary>
        public IEnumerable<PropertyInfo> ValueProperties() =>
            Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.PropertyType != typeof(string));

        public List<string> Check(IConfiguration configuration)
        {
            var errors = new List<string>();
            foreach (var property in ValueProperties())
            {
                var key = Name + ConfigurationPath.KeyDelimiter + property.Name;
                var value = configuration[key];
                var nullable = Nullable.GetUnderlyingType(property.PropertyType);

                // Unset, or empty for a nullable property (which the binder leaves null), is not a conversion.
                if (value is null || (nullable is not null && value.Length == 0))
                {
                    continue;
                }

                var type = nullable ?? property.PropertyType;
                if (!Converts(type, value))
                {
                    errors.Add($"{key} must be {ExpectedForm(type)}.");
                }
            }

            return errors;
        }
    }
}
