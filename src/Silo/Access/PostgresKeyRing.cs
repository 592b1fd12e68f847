using System.Xml.Linq;
using Matching.Registry.Database;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Matching.Silo.Access;

/// <summary>
/// The data-protection key ring in PostgreSQL (registry.data_protection_keys), so that every silo of a registry
/// opens the page sessions and antiforgery tokens another issued. The keys are the registry database's to guard,
/// like its API key hashes.
/// </summary>
public sealed class PostgresKeyRing(RegistryDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var command = database.DataSource.CreateCommand("SELECT xml FROM registry.data_protection_keys ORDER BY id");
        using var reader = command.ExecuteReader();
        var keys = new List<XElement>();
        while (reader.Read())
        {
            keys.Add(XElement.Parse(reader.GetString(0)));
        }

        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var command = database.DataSource.CreateCommand(
            "INSERT INTO registry.data_protection_keys (name, xml) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        command.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        command.ExecuteNonQuery();
    }
}
