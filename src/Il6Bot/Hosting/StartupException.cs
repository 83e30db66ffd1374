namespace Il6Bot.Hosting;

/// <summary>
/// Start-up cannot go on for a reason the operator fixes outside the code. The message names the setting
/// (or the address) to fix and never echoes a value that could be a secret; Program prints it on one line.
/// </summary>
public sealed class StartupException : Exception
{
    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
