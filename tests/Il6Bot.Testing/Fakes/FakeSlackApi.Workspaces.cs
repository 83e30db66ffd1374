using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Il6Bot.Testing.Fakes;

/// <summary>The fake's workspace methods: who a member is (<c>users.info</c>) and whose a token is (<c>auth.test</c>).</summary>
public sealed partial class FakeSlackApi
{
    /// <summary>User id → roles for <c>users.info</c>; unknown ids are user_not_found.</summary>
    public ConcurrentDictionary<string, (bool IsOwner, bool IsAdmin)> Users { get; } = new();

    /// <summary>Bot token → the team id <c>auth.test</c> answers for it; other tokens are invalid_auth.</summary>
    public ConcurrentDictionary<string, string> TokenTeams { get; } = new();

    private JsonObject UserInfo(SlackRecordedRequest request)
    {
        var id = request.Form["user"];
        return Users.TryGetValue(id, out var roles)
            ? new JsonObject
            {
                ["ok"] = true,
                ["user"] = new JsonObject { ["id"] = id, ["is_owner"] = roles.IsOwner, ["is_admin"] = roles.IsAdmin, ["is_primary_owner"] = false },
            }
            : new JsonObject { ["ok"] = false, ["error"] = "user_not_found" };
    }

    private JsonObject AuthTest(SlackRecordedRequest request) =>
        TokenTeams.TryGetValue(request.Authorization["Bearer ".Length..], out var team)
            ? new JsonObject { ["ok"] = true, ["team_id"] = team, ["user_id"] = "UBOT" + team }
            : new JsonObject { ["ok"] = false, ["error"] = "invalid_auth" };
}
