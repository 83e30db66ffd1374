namespace Il6Bot.Messages.Buttons;

/// <summary>What a button does. Each kind has a one-letter code in <see cref="ButtonId"/> that never changes meaning.</summary>
public enum ButtonKind
{
    /// <summary>Show a related topic, privately (<c>t</c>).</summary>
    Topic,

    /// <summary>A nudge's "Read more" from before clicks were counted per schedule: show the topic, privately (<c>r</c>).</summary>
    ReadMore,

    /// <summary>Post a section publicly in the channel, attributed to whoever clicked (<c>s</c>).</summary>
    Share,

    /// <summary>Confirm <c>/insights reset</c> (<c>x</c>).</summary>
    ResetInsights,

    /// <summary>
    /// A nudge's "Read more": show the topic that backs it, privately, and count the click for that schedule and
    /// nudge text (<c>n</c>; the argument is a <see cref="NudgeReadMoreTarget"/>).
    /// </summary>
    NudgeReadMore,
}
