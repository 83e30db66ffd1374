namespace Il6Bot.LocalConsole;

/// <summary>
/// <c>Console:Enabled</c>: true/false, or unset for "auto" (on when no Discord or Slack credentials are
/// configured). <c>--console</c> on the command line sets it to true.
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    public bool? Enabled { get; set; }
}
