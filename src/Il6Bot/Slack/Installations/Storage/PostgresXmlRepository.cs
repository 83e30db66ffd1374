using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Il6Bot.Slack.Installations.Storage;

/// <summary>
/// The Data Protection key ring in the PostgreSQL store (table <c>data_protection_keys</c>, migration 6), so every
/// instance on the database reads the same keys and decrypts the tokens any of them wrote. Data Protection calls
/// this synchronously and rarely (start-up, a new key, the daily refresh), hence Npgsql's synchronous API.
/// </summary>
public sealed class PostgresXmlRepository(string connectionString) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY friendly_name", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    /// <summary>A key is written once and never changed (revocations are elements of their own); a name seen twice is kept as first written.</summary>
    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING",
            connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
