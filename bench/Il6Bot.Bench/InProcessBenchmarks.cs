using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Il6Bot.Bench;

/// <summary>
/// The one BenchmarkDotNet set-up of this bench: in process (the benchmarks read what the harness prepared, and no
/// project is generated and built), a fixed number of iterations, GitHub Markdown tables under <c>artifacts</c>.
/// </summary>
internal static class InProcessBenchmarks
{
    public static IConfig Config(string artifacts) => ManualConfig.CreateMinimumViable()
        .AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(5)
            .WithIterationCount(20)
            .WithId("in-process"))
        .AddExporter(MarkdownExporter.GitHub)
        .AddLogger(ConsoleLogger.Default)
        .WithArtifactsPath(artifacts)
        .WithOptions(ConfigOptions.DisableLogFile);
}
