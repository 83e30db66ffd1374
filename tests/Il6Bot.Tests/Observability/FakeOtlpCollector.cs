using System.Collections.Concurrent;
using Il6Bot.Testing.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Il6Bot.Tests.Observability;

/// <summary>An OTLP/HTTP receiver on 127.0.0.1 that keeps every export's raw protobuf body by path.</summary>
internal sealed class FakeOtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeOtlpCollector(WebApplication app)
    {
        _app = app;
        Endpoint = LoopbackServer.BaseUrl(app);
    }

    /// <summary>For <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string Endpoint { get; }

    public ConcurrentQueue<(string Path, byte[] Body)> Exports { get; } = new();

    public static async Task<FakeOtlpCollector> StartAsync()
    {
        var app = LoopbackServer.CreateBuilder().Build();
        FakeOtlpCollector? collector = null;
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            collector!.Exports.Enqueue((context.Request.Path.Value ?? string.Empty, body.ToArray()));
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        collector = new FakeOtlpCollector(app);
        return collector;
    }

    /// <summary>All bodies sent to <paramref name="path"/> as one text (protobuf keeps strings as UTF-8 bytes).</summary>
    public string Received(string path) =>
        string.Concat(Exports.Where(e => e.Path == path).Select(e => System.Text.Encoding.UTF8.GetString(e.Body)));

    public ValueTask DisposeAsync() => LoopbackServer.StopAsync(_app);
}
