namespace Il6Bot.Messages.Buttons;

/// <summary>What a click asks for: a <see cref="ButtonKind"/> and its argument (a topic id, or empty).</summary>
public readonly record struct ButtonAction(ButtonKind Kind, string Argument);
