using System.Reflection;
using Il6Bot.Hosting;
using Il6Bot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Il6Bot.Tests.Hosting;

/// <summary>A typed setting that does not convert stops start-up naming the key and its form, never the value.</summary>
public sealed class ConfigurationValueCheckTests
{
    private const string Secret = "Password=hunter2-not-for-logs";

    [Theory]
    [InlineData("Storage:Provider", "Storage:Provider must be one of Sqlite, Postgres.")]
    [InlineData("Nudges:MisfireGrace", "Nudges:MisfireGrace must be a duration such as 01:00:00 (hours:minutes:seconds).")]
    [InlineData("Discord:Mode", "Discord:Mode must be one of Http, Gateway.")]
    [InlineData("Discord:ShardId", "Discord:ShardId must be a whole number.")]
    [InlineData("Discord:ShardCount", "Discord:ShardCount must be a whole number.")]
    [InlineData("Slack:Mode", "Slack:Mode must be one of Http, SocketMode.")]
    [InlineData("Console:Enabled", "Console:Enabled must be true or false.")]
    [InlineData("Logging:LogLevel:Default", "Logging:LogLevel:Default must be one of Trace, Debug, Information, Warning, Error, Critical, None.")]
    [InlineData("Logging:Console:LogLevel:Il6Bot", "Logging:Console:LogLevel:Il6Bot must be one of Trace, Debug")]
    public async Task Host_start_fails_naming_the_key_and_not_the_value(string key, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHost.StartAsync(
            new Dictionary<string, string?> { [key] = Secret },
            cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once()
    {
        var error = Assert.Throws<AggregateException>(() => ConfigurationValueCheck.ThrowIfInvalid(Configuration(
            ("Storage:Provider", Secret), ("Discord:ShardId", ""), ("Discord:Mode", "Gatewy"))));

        Assert.Equal(2, error.InnerExceptions.Count);
        var messages = string.Join("\n", error.InnerExceptions.Select(e => e.Message));
        Assert.Contains("Storage:Provider must be one of Sqlite, Postgres.", messages, StringComparison.Ordinal);
        Assert.Contains("Discord:ShardId must be a whole number.", messages, StringComparison.Ordinal);
        Assert.Contains("Discord:Mode must be one of Http, Gateway.", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", messages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage:Provider", " postgres ")]
    [InlineData("Storage:Provider", "1")]
    [InlineData("Discord:ShardCount", " 2")]
    [InlineData("Nudges:MisfireGrace", "00:30:00")]
    [InlineData("Nudges:MisfireGrace", "1.00:00:00")]
    [InlineData("Console:Enabled", "")]
    [InlineData("Console:Enabled", "TRUE")]
    [InlineData("Discord:PublicKey", Secret)]
    [InlineData("Logging:LogLevel:Microsoft.AspNetCore", "warning")]
    public void Values_the_binder_accepts_pass(string key, string value)
    {
        ConfigurationValueCheck.ThrowIfInvalid(Configuration((key, value)));
    }

    [Fact]
    public void Every_options_section_is_checked_and_every_typed_property_has_a_known_form()
    {
        var optionsTypes = typeof(ConfigurationValueCheck).Assembly.GetTypes()
            .Where(t => t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .ToHashSet();

        Assert.NotEmpty(optionsTypes);
        Assert.Equal(optionsTypes.OrderBy(t => t.Name), ConfigurationValueCheck.Sections.Select(s => s.Type).OrderBy(t => t.Name));
        foreach (var section in ConfigurationValueCheck.Sections)
        {
            foreach (var property in section.ValueProperties())
            {
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                Assert.True(ConfigurationValueCheck.ExpectedForm(type) is not null, $"{section.Name}:{property.Name} ({type.Name}) is not checked");
            }
        }
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();
}
