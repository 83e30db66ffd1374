using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using static Il6Bot.Testing.Fuzz.FuzzText;

namespace Il6Bot.Testing.Fuzz;

/// <summary>
/// Slash-command bodies for fuzzing <c>POST /slack/commands</c>: a valid form (every command, moderator or not,
/// fresh trigger ids) put through a few form-aware mutations (a field replaced by something odd, removed, repeated,
/// renamed, badly escaped) and, for a share, byte-level damage. The same <see cref="Random"/> seed gives the same
/// body. Linked into the bench's fuzz mode too.
/// </summary>
[SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Test data, not security.")]
public static class SlackFuzzBodies
{
    /// <summary>Team, channel and moderator the bodies use; the host under test should know them.</summary>
    public const string Team = "T1";
    public const string Channel = "C123";
    public const string Moderator = "UMOD1";

    private static readonly string[] Commands = ["/il6", "/nudge", "/NUDGE", "/il6 ", "/", "/unknown", "il6", "/nudge/il6"];

    /// <summary>A form-encoded slash command, mutated (or, now and then, left valid).</summary>
    /// <param name="responseUrlBase">Where late answers go (<c>/response/N</c> under it): a host of the caller's own, never Slack's.</param>
    public static byte[] Create(Random random, int caseNumber, string responseUrlBase)
    {
        var fields = new List<(string Name, string Value)>
        {
            ("token", "ignored"),
            ("team_id", Team),
            ("team_domain", "fuzz"),
            ("channel_id", Channel),
            ("channel_name", "general"),
            ("user_id", random.Next(4) == 0 ? "U2" : Moderator),
            ("user_name", "someone"),
            ("command", random.Next(5) == 0 ? "/nudge" : Pick(random, Commands[..2])),
            ("text", Pick(random, CommandTexts)),
            ("api_app_id", "A1"),
            ("response_url", responseUrlBase.TrimEnd('/') + "/response/" + caseNumber.ToString(CultureInfo.InvariantCulture)),
            ("trigger_id", $"{caseNumber}.{random.Next()}.fuzz"),
        };

        for (var i = random.Next(4); i > 0; i--)
        {
            MutateForm(random, fields);
        }

        var body = Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => f.Name.Length == 0 && f.Value.Length == 0 ? string.Empty : f.Name + "=" + f.Value)));
        return Finish(random, body, Encoding.UTF8.GetBytes($"team_id={Team}&channel_id={Channel}&user_id={Moderator}&command=%2Fil6&text=what"));
    }

    private static void MutateForm(Random random, List<(string Name, string Value)> fields)
    {
        var index = fields.Count == 0 ? 0 : random.Next(fields.Count);
        switch (random.Next(9))
        {
            case 0 when fields.Count > 0:
                fields[index] = (fields[index].Name, Encode(RandomText(random)));
                break;
            case 1 when fields.Count > 0:
                fields.RemoveAt(index);
                break;
            case 2 when fields.Count > 0:
                fields.Insert(random.Next(fields.Count + 1), (fields[index].Name, Encode(RandomText(random))));
                break;
            case 3:
                fields.Add((Encode(Pick(random, ["command", "text", "user_id", "team_id", "channel_id", "ssl_check", "COMMAND", "te%78t", "text[]", ""])), Encode(RandomText(random))));
                break;
            case 4:
                Set(fields, "command", Encode(Pick(random, Commands)));
                break;
            case 5:
                Set(fields, "text", Encode(string.Join(' ', Enumerable.Range(0, random.Next(1, 8)).Select(_ => Pick(random, Words)))));
                break;
            case 6:
                Set(fields, "text", RawPercent(random));
                break;
            case 7 when fields.Count > 0:
                fields[index] = (fields[index].Name, fields[index].Value + Pick(random, ["%", "%0", "%0A", "%FF", "%ED%A0%80", "%C3", "+", "&", "=", "%26", "%3D"]));
                break;
            default:
                fields.Add(("ssl_check", "1"));
                break;
        }
    }

    private static void Set(List<(string Name, string Value)> fields, string name, string value)
    {
        var index = fields.FindIndex(f => f.Name == name);
        if (index < 0)
        {
            fields.Add((name, value));
        }
        else
        {
            fields[index] = (name, value);
        }
    }
}
