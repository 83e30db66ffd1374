using System.Diagnostics.CodeAnalysis;

namespace Il6Bot.Messages.Buttons;

/// <summary>
/// A button's action as a short, stateless, versioned string: <c>il6:1:t:benefits</c> is prefix, format version,
/// kind code and argument. Old messages keep their buttons for ever, so a version, once shipped, is decoded by every
/// later release; a new meaning gets a new kind code or a new version, never a changed one.
/// </summary>
public static class ButtonId
{
    /// <summary>Discord's <c>custom_id</c> limit, the tightest of the platforms' (Slack's <c>action_id</c> is 255).</summary>
    public const int MaxLength = 100;

    public const string Prefix = "il6";

    public const int CurrentVersion = 1;

    /// <summary>Topic ids are arguments, so content ids are held to the same rule.</summary>
    public const int MaxArgumentLength = 64;

    public static string Encode(ButtonAction action)
    {
        if (!IsArgumentOf(action.Kind, action.Argument))
        {
            throw new ArgumentException($"A button argument is 0 to {MaxArgumentLength} characters of a-z, 0-9 and '-' (a nudge's Read more: three of them joined by '.').", nameof(action));
        }

        var id = Format(action);
        return id.Length <= MaxLength ? id : throw new ArgumentException($"A button id is at most {MaxLength} characters: {id}", nameof(action));
    }

    /// <summary>Whether <see cref="Encode"/> can write the action (its argument is valid and the id fits).</summary>
    public static bool Fits(ButtonAction action) =>
        IsArgumentOf(action.Kind, action.Argument) && Format(action).Length <= MaxLength;

    /// <summary>Decodes any id a platform sends back; what went wrong is the answer's to explain.</summary>
    public static ButtonIdProblem TryDecode(string? id, [NotNullWhen(true)] out ButtonAction? action)
    {
        action = null;
        if (id is null || id.Length > MaxLength)
        {
            return ButtonIdProblem.NotOurs;
        }

        var parts = id.Split(':');
        if (parts.Length != 4 || parts[0] != Prefix)
        {
            return ButtonIdProblem.NotOurs;
        }

        if (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            return ButtonIdProblem.Malformed;
        }

        if (version != CurrentVersion)
        {
            return version > CurrentVersion ? ButtonIdProblem.NewerVersion : ButtonIdProblem.Malformed;
        }

        if (Kind(parts[2]) is not { } kind || !IsArgumentOf(kind, parts[3]))
        {
            return ButtonIdProblem.Malformed;
        }

        action = new ButtonAction(kind, parts[3]);
        return ButtonIdProblem.None;
    }

    private static string Format(ButtonAction action) => $"{Prefix}:{CurrentVersion}:{Code(action.Kind)}:{action.Argument}";

    private static string Code(ButtonKind kind) => kind switch
    {
        ButtonKind.Topic => "t",
        ButtonKind.ReadMore => "r",
        ButtonKind.Share => "s",
        ButtonKind.ResetInsights => "x",
        ButtonKind.NudgeReadMore => "n",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Every button kind needs a code."),
    };

    private static ButtonKind? Kind(string code) => code switch
    {
        "t" => ButtonKind.Topic,
        "r" => ButtonKind.ReadMore,
        "s" => ButtonKind.Share,
        "x" => ButtonKind.ResetInsights,
        "n" => ButtonKind.NudgeReadMore,
        _ => null,
    };

    private static bool IsArgumentOf(ButtonKind kind, string argument) =>
        kind == ButtonKind.NudgeReadMore ? NudgeReadMoreTarget.TryParse(argument, out _) : IsArgument(argument);

    /// <summary>0 to <see cref="MaxArgumentLength"/> characters of a-z, 0-9 and '-'.</summary>
    public static bool IsArgument(string argument) =>
        argument.Length <= MaxArgumentLength && argument.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}

/// <summary>Why a button id could not be decoded.</summary>
public enum ButtonIdProblem
{
    None,

    /// <summary>Not an Il6Bot button id at all (another app's, or garbage).</summary>
    NotOurs,

    /// <summary>Ours, but from a newer release than this instance (during a rolling upgrade).</summary>
    NewerVersion,

    /// <summary>Ours, but damaged: an unknown kind code or an argument that cannot be a topic id.</summary>
    Malformed,
}
