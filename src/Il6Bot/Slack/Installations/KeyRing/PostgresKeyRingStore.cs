using System.Xml.Linq;
using Il6Bot.Features.Nudges.Storage;
using Npgsql;

namespace Il6Bot.Slack.Installations.KeyRing;

/// <summary>
/// The Data Protection key ring in the PostgreSQL store (table <c>data_protection_keys</c>, migration 6), so every
/// instance on the database reads the same keys and decrypts the tokens any of them wrote. Data Protection calls
/// this synchronously and rarely (start-up, a new key, the daily refresh), hence Npgsql's synchronous API, on the
/// store's own connection pool. With <c>Slack:TokenEncryptionKey</c> the rows hold sealed keys
/// (<see cref="EncryptedXmlRepository"/>).
/// </summary>
public sealed class PostgresKeyRingStore(PostgresNudgeStore store) : IKeyRingStore
{
    public string Location => "the database";

    public IReadOnlyCollection<XElement> GetAllElements() => GetAllStoredElements().Select(stored => stored.Element).ToList();

    public IReadOnlyList<StoredKeyElement> GetAllStoredElements()
    {
        using var connection = store.OpenConnection();
        using var command = new NpgsqlCommand("SELECT friendly_name, xml FROM data_protection_keys ORDER BY friendly_name", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<StoredKeyElement>();
        while (reader.Read())
        {
            elements.Add(new(reader.GetString(0), XElement.Parse(reader.GetString(1))));
        }

        return elements;
    }

    /// <summary>A key is written once and never changed (revocations are elements of their own); a name seen twice is kept as first written.</summary>
    public void StoreElement(XElement element, string friendlyName) => Execute(
        "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING", element, friendlyName);

    /// <summary>Only to seal a key stored in the clear: two instances doing it at once each leave a sealing of the same key.</summary>
    public void ReplaceElement(string friendlyName, XElement element) => Execute(
        "UPDATE data_protection_keys SET xml = @xml WHERE friendly_name = @name", element, friendlyName);

    private void Execute(string sql, XElement element, string friendlyName)
    {
        using var connection = store.OpenConnection();
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
