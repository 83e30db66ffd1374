using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using Il6Bot.Slack.Commands;
using Microsoft.AspNetCore.WebUtilities;

namespace Il6Bot.Bench;

/// <summary>
/// The Slack form on the <c>/il6</c> request path (<see cref="SlackSlashCommand.ParseForm"/>) against ASP.NET Core's
/// own form decoding of the same body (<see cref="QueryHelpers.ParseQuery(string)"/>, the baseline), on the body
/// Slack sends: 15 fields, of which the bot reads 8, with an escaped command and <c>response_url</c>.
/// </summary>
[MemoryDiagnoser]
public class SlackFormBenchmarks
{
    private readonly byte[] _body = Encoding.UTF8.GetBytes(
        "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&enterprise_id=E0001&enterprise_name=Globular%20Construct%20Inc" +
        "&channel_id=C2147483705&channel_name=test&user_id=U2147483697&user_name=Steve&command=%2Fil6&text=inflammation" +
        "&api_app_id=A123456&is_enterprise_install=false&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678" +
        "&trigger_id=13345224609.738474920.8088930838d88f008e0");

    [Benchmark(Baseline = true)]
    public int QueryHelpers_ParseQuery() => QueryHelpers.ParseQuery(Encoding.UTF8.GetString(_body)).Count;

    [Benchmark]
    public string? SlackSlashCommand_ParseForm() => SlackSlashCommand.ParseForm(_body, out _)?.TriggerId;

    /// <summary><c>Il6Bot.Bench form</c>: prints BenchmarkDotNet's Markdown table (ratios to the baseline).</summary>
    public static int Run()
    {
        var config = InProcessBenchmarks.Config(Path.Combine(Path.GetTempPath(), "il6bench-form"));
        var summary = BenchmarkRunner.Run<SlackFormBenchmarks>(config);
        return summary.HasCriticalValidationErrors ? 1 : 0;
    }
}
