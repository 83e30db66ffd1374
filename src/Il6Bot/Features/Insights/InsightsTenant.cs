using Il6Bot.Commands;

namespace Il6Bot.Features.Insights;

/// <summary>Whose counts: one Discord guild, one Slack workspace, or the console.</summary>
public readonly record struct InsightsTenant(Platform Platform, string TenantId);
