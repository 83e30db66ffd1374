using System.Net;
using Il6Bot.Commands;
using Il6Bot.Features.Nudges.Storage;
using Il6Bot.Tests.Infrastructure;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>
/// Issue 10, item 1: the SQLite data folder deleted (or the file replaced) under a running bot, through signed
/// Slack slash commands and <c>/healthz</c> of the real host; restoring the file brings it back without a restart.
/// </summary>
public sealed class DeletedStoreEndToEndTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FirstMonday = DiscordWorld.FirstMonday;

    private SlackWorld _world = null!;
    private string _dir = null!;
    private string _db = null!;
    private string _backup = null!;
    private BotHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await SlackWorld.StartAsync();
        _dir = _world.NewTempDir();
        _db = Path.Combine(_dir, "il6bot.db");
        _backup = Path.Combine(_world.NewTempDir(), "backup.db");
        _host = await _world.StartHostAsync(_dir);
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task After_rm_rf_of_the_data_folder_nothing_is_acknowledged_healthz_names_the_file_and_a_restore_recovers()
    {
        var first = await _world.ScheduleAsync(_host);
        File.Copy(_db, _backup);
        Directory.Delete(_dir, recursive: true);

        await AssertRefusedAsync("schedule <#C123|general> tue 09:00 Europe/Berlin");
        await AssertHealthAsync(HttpStatusCode.ServiceUnavailable, $"store: Unhealthy (database file missing at {_db})");

        // The operator re-creates the folder: the bot does not fill it with a new, empty database (that would hide
        // the loss until the next restart).
        Directory.CreateDirectory(_dir);
        await AssertRefusedAsync("schedule <#C123|general> tue 09:00 Europe/Berlin");
        await AssertRefusedAsync("list");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
        await AssertHealthAsync(HttpStatusCode.ServiceUnavailable, $"store: Unhealthy (database file missing at {_db})");

        File.Copy(_backup, _db);
        var second = await _world.ScheduleAsync(_host, "<#C123|general> wed 09:00 Europe/Berlin");
        Assert.Equal(("n1", "n2"), (first, second));
        var list = await _world.NudgeAsync(_host, "list");
        Assert.Contains("2 nudge schedules", list.Text, StringComparison.Ordinal);
        Assert.Contains("Wednesday", list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tuesday", list.Text, StringComparison.Ordinal);
        await AssertHealthAsync(HttpStatusCode.OK, "store: Healthy");
    }

    [Fact]
    public async Task A_database_file_replaced_by_another_file_is_reported_and_the_real_one_is_used_again_when_it_is_back()
    {
        await _world.ScheduleAsync(_host);
        File.Move(_db, _backup);

        await File.WriteAllTextAsync(_db, "not a database, just some text that is long enough to hold a header", E2E.Ct);
        await AssertRefusedAsync("schedule <#C123|general> tue 09:00 Europe/Berlin");
        await AssertHealthAsync(HttpStatusCode.ServiceUnavailable, $"store: Unhealthy ({_db} is not a usable database");

        File.Delete(_db);
        await File.WriteAllBytesAsync(_db, [], E2E.Ct);
        await AssertRefusedAsync("schedule <#C123|general> tue 09:00 Europe/Berlin");
        await AssertHealthAsync(HttpStatusCode.ServiceUnavailable, $"store: Unhealthy (database file {_db} has no schedule tables");
        Assert.Equal(0, new FileInfo(_db).Length);

        File.Move(_backup, _db, overwrite: true);
        Assert.Equal("n2", await _world.ScheduleAsync(_host, "<#C123|general> wed 09:00 Europe/Berlin"));
        await AssertHealthAsync(HttpStatusCode.OK, "store: Healthy");
    }

    [Fact]
    public async Task A_nudge_due_while_the_file_is_gone_is_posted_once_after_the_restore_and_never_twice()
    {
        var id = await _world.ScheduleAsync(_host);
        File.Copy(_db, _backup);
        Directory.Delete(_dir, recursive: true);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => _world.TickAtAsync(_host, FirstMonday));
        Assert.Empty(_world.PostMessageCalls());

        Directory.CreateDirectory(_dir);
        File.Copy(_backup, _db);
        Assert.Equal(1, (await _world.TickAtAsync(_host, FirstMonday.AddMinutes(1))).Posted);
        Assert.Equal(0, (await _world.TickAtAsync(_host, FirstMonday.AddMinutes(2))).Posted);

        Assert.Single(_world.PostMessageCalls());
        var list = await _world.NudgeAsync(_host, "list");
        Assert.Contains(id, list.Text, StringComparison.Ordinal);
        Assert.Contains("Last result: posted", list.Text, StringComparison.Ordinal);
    }

    private async Task AssertRefusedAsync(string text)
    {
        var answer = await _world.NudgeAsync(_host, text);
        Assert.True(answer.Ephemeral);
        Assert.Contains(CommandEngine.StoreUnavailableText, answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Scheduled", answer.Text, StringComparison.Ordinal);
    }

    private async Task AssertHealthAsync(HttpStatusCode expected, string line)
    {
        using var response = await _host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), E2E.Ct);
        var body = await response.Content.ReadAsStringAsync(E2E.Ct);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Contains(line, body, StringComparison.Ordinal);
    }
}
