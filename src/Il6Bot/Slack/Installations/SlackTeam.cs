namespace Il6Bot.Slack.Installations;

/// <summary>
/// The workspace an installation, a request or a schedule belongs to. Slack names it by team id, and by
/// enterprise id as well inside an Enterprise Grid org; both are part of the key, as in Bolt's installation store.
/// </summary>
public readonly record struct SlackTeam(string? EnterpriseId, string TeamId)
{
    public override string ToString() => EnterpriseId is null ? TeamId : $"{EnterpriseId}/{TeamId}";
}
