using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Il6Bot.Slack.Installations.KeyRing;

/// <summary>
/// The key ring in a folder (beside the SQLite file): Data Protection's own file repository, one
/// <c>{friendly name}.xml</c> a key, plus the named listing and in-place replacement the start-up check needs.
/// </summary>
public sealed class DirectoryKeyRingStore(DirectoryInfo directory, ILoggerFactory loggerFactory)
    : FileSystemXmlRepository(directory, loggerFactory), IKeyRingStore
{
    public string Location => "the folder " + Directory.FullName;

    public IReadOnlyList<StoredKeyElement> GetAllStoredElements()
    {
        if (!Directory.Exists)
        {
            return [];
        }

        var elements = new List<StoredKeyElement>();
        foreach (var file in Directory.EnumerateFiles("*.xml", SearchOption.TopDirectoryOnly))
        {
            elements.Add(new(Path.GetFileNameWithoutExtension(file.Name), XElement.Load(file.FullName)));
        }

        return elements;
    }

    /// <summary>Written beside and moved over the old file, so a reader sees the old element or the new one, never half of either.</summary>
    public void ReplaceElement(string friendlyName, XElement element)
    {
        var target = Path.Combine(Directory.FullName, friendlyName + ".xml");
        var temporary = Path.Combine(Directory.FullName, Guid.NewGuid().ToString("N") + ".tmp");
        element.Save(temporary, SaveOptions.DisableFormatting);
        File.Move(temporary, target, overwrite: true);
    }
}
