using Il6Bot.Commands;
using Il6Bot.Content;
using Il6Bot.Features.Nudges;
using Il6Bot.Features.Nudges.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Il6Bot.Tests.Features.Nudges.Scheduling;

public sealed class NudgeSchedulingRegistrationTests
{
    [Fact]
    public async Task AddIl6Nudges_registers_the_scheduler_the_command_and_the_system_clock()
    {
        await using var provider = Build(new() { ["Nudges:DefaultTimeZone"] = "Europe/Berlin" });

        Assert.Contains(provider.GetServices<IHostedService>(), s => s is NudgeScheduler);
        Assert.Same(provider.GetRequiredService<NudgeScheduler>(), provider.GetServices<IHostedService>().OfType<NudgeScheduler>().Single());
        Assert.Equal("nudge", Assert.Single(provider.GetServices<ICommandHandler>()).Spec.Name);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Equal("Europe/Berlin", provider.GetRequiredService<IOptions<NudgesOptions>>().Value.DefaultTimeZone);
    }

    [Theory]
    [InlineData("Nudges:DefaultTimeZone", "Mars/Olympus", "Nudges:DefaultTimeZone is not a known IANA time zone id")]
    [InlineData("Nudges:MisfireGrace", "00:00:00", "Nudges:MisfireGrace must be a positive duration")]
    [InlineData("Nudges:MisfireGrace", "-00:10:00", "Nudges:MisfireGrace must be a positive duration")]
    [InlineData("Nudges:MisfireGrace", "8.00:00:00", "Nudges:MisfireGrace must be shorter than a week")]
    public async Task Bad_nudge_options_fail_validation_naming_the_key(string key, string value, string expected)
    {
        await using var provider = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<NudgesOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid() =>
        Assert.True(new NudgesOptionsValidator().Validate(null, new NudgesOptions()).Succeeded);

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        // A host builder for IHostEnvironment (the SQLite file lives under the content root); never started.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Path.GetTempPath() });
        var file = Path.Combine(Path.GetTempPath(), $"il6bot-nsched-{Guid.NewGuid():N}.db");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings) { ["Storage:ConnectionString"] = $"Data Source={file}" });
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IContentStore>(new FakeContentStore(3, DateTimeOffset.UnixEpoch));
        builder.Services.AddIl6Nudges(builder.Configuration);
        return builder.Services.BuildServiceProvider();
    }
}
