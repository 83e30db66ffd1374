namespace Il6Bot.Features.Nudges.Storage;

/// <summary>
/// When a loop that retries the store says what about an outage: a warning when it starts, Debug while it lasts
/// (every retry fails the same way), one Information when it ends. A long outage is then two lines an operator
/// reads, not one every few seconds. The caller logs, in its own words and category; one loop (or one caller at a
/// time) owns an instance.
/// </summary>
public sealed class StoreOutage
{
    private bool _ongoing;

    /// <summary>An attempt failed: true when this starts an outage (warn), false while it lasts (Debug).</summary>
    public bool Failed()
    {
        var starts = !_ongoing;
        _ongoing = true;
        return starts;
    }

    /// <summary>An attempt worked: true when this ends an outage (say so, once).</summary>
    public bool Succeeded()
    {
        var ends = _ongoing;
        _ongoing = false;
        return ends;
    }
}
