namespace Il6Bot.Tests.EndToEnd;

/// <summary>Scratch folders for an end-to-end world (a SQLite file two hosts share), deleted with it.</summary>
internal sealed class TempDirectories : IDisposable
{
    private readonly List<string> _dirs = [];

    public string New()
    {
        var dir = Directory.CreateTempSubdirectory("il6bot-e2e-").FullName;
        _dirs.Add(dir);
        return dir;
    }

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a host that failed to stop; the OS temp cleaner gets it later.
            }
        }
    }
}
