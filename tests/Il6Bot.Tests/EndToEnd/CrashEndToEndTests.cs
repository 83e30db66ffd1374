using Il6Bot.Features.Nudges.Delivery;
using Il6Bot.Features.Nudges.Scheduling;
using Il6Bot.Features.Nudges.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// The bot stops after the platform has taken the post but before the answer arrives, so the delivery row is left
/// "sending". The next host on the same store resolves it without a second message (README, exactly once, step 5).
/// </summary>
public sealed class CrashEndToEndTests
{
    private static readonly DateTimeOffset FirstMonday = DiscordWorld.FirstMonday;

    [Fact]
    public async Task Discord_a_post_interrupted_before_its_answer_is_resolved_after_restart_with_one_message()
    {
        await using var world = await DiscordWorld.StartAsync();
        var dir = world.NewTempDir();
        var first = await world.StartHostAsync(dir);
        var id = await world.ScheduleAsync(first);

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        world.Fake.Hold = (request, aborted) => request.Method == "POST" && request.Path.EndsWith("/messages", StringComparison.Ordinal)
            ? release.Task.WaitAsync(aborted)
            : Task.CompletedTask;
        using var crash = new CancellationTokenSource();
        world.Clock.JumpTo(FirstMonday);
        var tick = E2E.Scheduler(first).RunOnceAsync(crash.Token);
        await world.Fake.WaitForAsync(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal), E2E.Ct).WaitAsync(E2E.Timeout, E2E.Ct);
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tick.WaitAsync(E2E.Timeout, E2E.Ct));
        world.Fake.Hold = null;
        release.TrySetResult();
        var left = Assert.Single(await first.Services.GetRequiredService<INudgeStore>().GetDeliveriesAsync(id, E2E.Ct));
        Assert.Equal(DeliveryState.Sending, left.State);
        await world.StopAsync(first);
        Assert.Equal(1, world.Fake.MessagesCreated);

        // Back three minutes later: the row is stale (over 2 min) but inside Discord's nonce window (5 min).
        world.Clock.JumpTo(FirstMonday.AddMinutes(3));
        var second = await world.StartHostAsync(dir);
        // A started host's first tick resolves stale rows: this one, or the loop's own, which this waits for.
        await E2E.Scheduler(second).RunOnceAsync(E2E.Ct);
        await world.TickAtAsync(second, FirstMonday.AddMinutes(4));

        var posts = world.MessagePosts();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal($"{id}-{FirstMonday.ToUnixTimeSeconds()}", p.Json.GetProperty("nonce").GetString()));
        Assert.Equal(1, world.Fake.MessagesCreated);
        var delivery = Assert.Single(await second.Services.GetRequiredService<INudgeStore>().GetDeliveriesAsync(id, E2E.Ct));
        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.Contains("Last result: posted", (await world.NudgeAsync(second, "list")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slack_a_post_interrupted_before_its_answer_is_found_in_history_after_restart_and_not_reposted()
    {
        await using var world = await SlackWorld.StartAsync();
        var dir = world.NewTempDir();
        var first = await world.StartHostAsync(dir);
        var id = await world.ScheduleAsync(first);

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        world.Fake.Hold = (request, aborted) => request.Path == "/api/chat.postMessage" ? release.Task.WaitAsync(aborted) : Task.CompletedTask;
        using var crash = new CancellationTokenSource();
        world.Clock.JumpTo(FirstMonday);
        var tick = first.Services.GetRequiredService<NudgeScheduler>().RunOnceAsync(crash.Token);
        await world.Fake.WaitForAsync(r => r.Path == "/api/chat.postMessage", E2E.Ct).WaitAsync(E2E.Timeout, E2E.Ct);
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => tick.WaitAsync(E2E.Timeout, E2E.Ct));
        world.Fake.Hold = null;
        release.TrySetResult();
        var left = Assert.Single(await first.Services.GetRequiredService<INudgeStore>().GetDeliveriesAsync(id, E2E.Ct));
        Assert.Equal(DeliveryState.Sending, left.State);
        await world.StopAsync(first);
        Assert.Single(world.Fake.Posted);

        world.Clock.JumpTo(FirstMonday.AddMinutes(3));
        var second = await world.StartHostAsync(dir);
        await second.Services.GetRequiredService<NudgeScheduler>().RunOnceAsync(E2E.Ct);
        await world.TickAtAsync(second, FirstMonday.AddMinutes(4));

        Assert.Single(world.Fake.Posted);
        Assert.Equal(1, world.Fake.CountCalls("/api/chat.postMessage"));
        Assert.True(world.Fake.CountCalls("/api/conversations.history") >= 1);
        var delivery = Assert.Single(await second.Services.GetRequiredService<INudgeStore>().GetDeliveriesAsync(id, E2E.Ct));
        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.Equal(world.Fake.Posted[0].Ts, delivery.MessageId);
        Assert.Contains("Last result: posted", (await world.NudgeAsync(second, "list")).Text, StringComparison.Ordinal);
    }
}
