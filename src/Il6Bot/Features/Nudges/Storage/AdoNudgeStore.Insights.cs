using System.Data.Common;
using System.Globalization;
using Il6Bot.Commands;
using Il6Bot.Features.Insights;

namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// Insights counts (migration 4): one row per tenant, UTC day and key, added to by upsert, so "the last 7 days" is a
/// sum over rows and a flush from any number of bot processes adds up.
/// </summary>
public abstract partial class AdoNudgeStore : IInsightsStore
{
    private const string DayFormat = "yyyy-MM-dd";

    private const string AddCountSql =
        "INSERT INTO insights_counts (platform, tenant_id, day, metric, name, count) VALUES (@platform, @tenant, @day, @metric, @name, @count) " +
        "ON CONFLICT (platform, tenant_id, day, metric, name) DO UPDATE SET count = insights_counts.count + excluded.count";

    // A new query is inserted only while the tenant's day holds fewer than the cap; one already kept always counts.
    private const string AddSearchSql =
        "INSERT INTO insights_searches (platform, tenant_id, day, query, count, last_at) " +
        "SELECT @platform, @tenant, @day, @query, @count, @at WHERE " +
        "(SELECT COUNT(*) FROM insights_searches WHERE platform = @platform AND tenant_id = @tenant AND day = @day) < @cap " +
        "OR EXISTS (SELECT 1 FROM insights_searches WHERE platform = @platform AND tenant_id = @tenant AND day = @day AND query = @query) " +
        "ON CONFLICT (platform, tenant_id, day, query) DO UPDATE SET count = insights_searches.count + excluded.count, " +
        "last_at = CASE WHEN excluded.last_at > insights_searches.last_at THEN excluded.last_at ELSE insights_searches.last_at END";

    public Task AddAsync(InsightsBatch batch, CancellationToken cancellationToken) =>
        batch.IsEmpty ? Task.CompletedTask : GuardWriteAsync(() => AddCoreAsync(batch, cancellationToken));

    private async Task AddCoreAsync(InsightsBatch batch, CancellationToken cancellationToken)
    {
        var cutoff = DayText(DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime - IInsightsStore.Retention));
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, "DELETE FROM insights_counts WHERE day < @cutoff", cancellationToken, ("cutoff", cutoff));
        await ExecuteAsync(connection, transaction, "DELETE FROM insights_searches WHERE day < @cutoff", cancellationToken, ("cutoff", cutoff));
        foreach (var count in batch.Counts)
        {
            await ExecuteAsync(
                connection,
                transaction,
                AddCountSql,
                cancellationToken,
                ("platform", PlatformText(count.Tenant.Platform)),
                ("tenant", count.Tenant.TenantId),
                ("day", DayText(count.Day)),
                ("metric", InsightsMetricCodes.Code(count.Metric)),
                ("name", count.Name),
                ("count", count.Count));
        }

        foreach (var search in batch.Searches)
        {
            await ExecuteAsync(
                connection,
                transaction,
                AddSearchSql,
                cancellationToken,
                ("platform", PlatformText(search.Tenant.Platform)),
                ("tenant", search.Tenant.TenantId),
                ("day", DayText(search.Day)),
                ("query", search.Query),
                ("count", search.Count),
                ("at", Ms(search.LastAt)),
                ("cap", (long)IInsightsStore.MaxSearchesPerTenantDay));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task<InsightsTotals> ReadAsync(InsightsTenant tenant, DateOnly fromDay, CancellationToken cancellationToken) =>
        GuardReadAsync(() => ReadCoreAsync(tenant, fromDay, cancellationToken));

    private async Task<InsightsTotals> ReadCoreAsync(InsightsTenant tenant, DateOnly fromDay, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var parameters = new (string, object?)[] { ("platform", PlatformText(tenant.Platform)), ("tenant", tenant.TenantId), ("from", DayText(fromDay)) };
        var metrics = await QueryAsync(
            connection,
            "SELECT metric, name, SUM(count) FROM insights_counts WHERE platform = @platform AND tenant_id = @tenant AND day >= @from " +
            "GROUP BY metric, name ORDER BY metric, name",
            static reader => (Code: reader.GetString(0), Name: reader.GetString(1), Count: ToLong(reader.GetValue(2))),
            cancellationToken,
            parameters);
        var searches = await QueryAsync(
            connection,
            "SELECT query, SUM(count), MAX(last_at) FROM insights_searches WHERE platform = @platform AND tenant_id = @tenant AND day >= @from " +
            "GROUP BY query ORDER BY query",
            static reader => new UnansweredSearchTotal(reader.GetString(0), ToLong(reader.GetValue(1)), FromMs(ToLong(reader.GetValue(2)))),
            cancellationToken,
            parameters);

        // A code written by a newer release is skipped, not an error: rows outlive the build that reads them.
        var known = metrics
            .Select(m => InsightsMetricCodes.Parse(m.Code) is { } metric ? new MetricTotal(metric, m.Name, m.Count) : null)
            .OfType<MetricTotal>()
            .ToList();
        return new InsightsTotals(known, searches);
    }

    public Task<InsightsCleared> ResetAsync(InsightsTenant tenant, CancellationToken cancellationToken) =>
        GuardWriteAsync(() => ResetCoreAsync(tenant, cancellationToken));

    private async Task<InsightsCleared> ResetCoreAsync(InsightsTenant tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var parameters = new (string, object?)[] { ("platform", PlatformText(tenant.Platform)), ("tenant", tenant.TenantId) };
        var counts = await ExecuteAsync(connection, transaction, "DELETE FROM insights_counts WHERE platform = @platform AND tenant_id = @tenant", cancellationToken, parameters);
        var searches = await ExecuteAsync(connection, transaction, "DELETE FROM insights_searches WHERE platform = @platform AND tenant_id = @tenant", cancellationToken, parameters);
        await transaction.CommitAsync(cancellationToken);
        return new InsightsCleared(counts, searches);
    }

    private static string DayText(DateOnly day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

    private static long ToLong(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
