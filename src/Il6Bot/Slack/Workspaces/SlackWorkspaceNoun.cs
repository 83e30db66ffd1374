namespace Il6Bot.Slack.Workspaces;

/// <summary>Slack's word for a tenant: replies that name it say "this workspace's" where Discord's say "this server's".</summary>
public static class SlackWorkspaceNoun
{
    public const string Value = "workspace";
}
