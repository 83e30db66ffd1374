namespace Il6Bot.Messages.Buttons;

/// <summary>What a click asks for: a <see cref="ButtonKind"/> and its argument (a topic id, or empty).</summary>
public readonly record struct ButtonAction(ButtonKind Kind, string Argument)
{
    /// <summary>The command a member could type instead of clicking, which is how text-only places show a button.</summary>
    public string Command => Kind switch
    {
        ButtonKind.Topic or ButtonKind.ReadMore => $"/il6 {Argument}",
        ButtonKind.NudgeReadMore when NudgeReadMoreTarget.TryParse(Argument, out var target) => $"/il6 {target.Topic}",
        ButtonKind.Share => $"/il6 {Argument} (shared in the channel)",
        ButtonKind.ResetInsights => "/insights reset confirm",
        _ => throw new InvalidOperationException($"No command stands for {Kind}."),
    };
}
