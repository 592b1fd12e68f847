using System.Xml;

namespace Matching.Registry.Formats;

/// <summary>
/// CODIS CMF XML (root CODISImportFile): each SPECIMEN with its SPECIMENID, SPECIMENCATEGORY, CASEID and LOCUS
/// elements. The category gives the side and the role (Biological Mother → family reference, mother; Unidentified
/// Person → unknown parentage); the submitting lab (SOURCELAB) stands for the province; Amelogenin, or else the
/// role, gives the sex. Read as a stream, one specimen at a time.
/// </summary>
public static class CmfReader
{
    private static readonly Dictionary<string, (string Category, string? Role)> Categories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Biological Father"] = (ProfileCategoryNames.FamilyReference, "father"),
        ["Alleged Father"] = (ProfileCategoryNames.FamilyReference, "father"),
        ["Biological Mother"] = (ProfileCategoryNames.FamilyReference, "mother"),
        ["Alleged Mother"] = (ProfileCategoryNames.FamilyReference, "mother"),
        ["Biological Sibling"] = (ProfileCategoryNames.FamilyReference, "full-sibling"),
        ["Biological Full Sibling"] = (ProfileCategoryNames.FamilyReference, "full-sibling"),
        ["Biological Paternal Half Sibling"] = (ProfileCategoryNames.FamilyReference, "paternal-half-sibling"),
        ["Biological Maternal Half Sibling"] = (ProfileCategoryNames.FamilyReference, "maternal-half-sibling"),
        ["Biological Child"] = (ProfileCategoryNames.FamilyReference, "child"),
        ["Biological Paternal Grandfather"] = (ProfileCategoryNames.FamilyReference, "paternal-grandfather"),
        ["Biological Paternal Grandmother"] = (ProfileCategoryNames.FamilyReference, "paternal-grandmother"),
        ["Biological Maternal Grandfather"] = (ProfileCategoryNames.FamilyReference, "maternal-grandfather"),
        ["Biological Maternal Grandmother"] = (ProfileCategoryNames.FamilyReference, "maternal-grandmother"),
        ["Biological Paternal Uncle"] = (ProfileCategoryNames.FamilyReference, "paternal-uncle"),
        ["Biological Paternal Aunt"] = (ProfileCategoryNames.FamilyReference, "paternal-aunt"),
        ["Biological Maternal Uncle"] = (ProfileCategoryNames.FamilyReference, "maternal-uncle"),
        ["Biological Maternal Aunt"] = (ProfileCategoryNames.FamilyReference, "maternal-aunt"),
        ["Unidentified Person"] = (ProfileCategoryNames.UnknownParentage, null),
        ["Unidentified Human (Remains)"] = (ProfileCategoryNames.UnknownParentage, null),
    };

    public static async Task ReadAsync(Stream xml, string source, BatchCollector batch, CancellationToken cancellationToken = default)
    {
        var settings = new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(xml, settings);
        string? lab = null;
        var specimens = 0;
        try
        {
            // ReadElementContentAsString already moves to the next node, so only other nodes are read past.
            await reader.ReadAsync();
            while (!reader.EOF)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "SOURCELAB")
                {
                    lab = (await reader.ReadElementContentAsStringAsync()).Trim();
                    continue;
                }

                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "SPECIMEN")
                {
                    specimens++;
                    var line = (reader as IXmlLineInfo)?.LineNumber ?? 0;
                    using (var specimen = reader.ReadSubtree())
                    {
                        await Specimen(specimen, $"{source} line {line}", lab, batch);
                    }

                    await batch.FlushIfFullAsync();
                }

                await reader.ReadAsync();
            }
        }
        catch (XmlException e)
        {
            batch.Reject(new RecordError($"{source} line {e.LineNumber}", specimens == 0 ? "?" : $"after specimen {specimens}", "xml",
                $"the file stops being CMF XML here: {e.Message}"));
        }
    }

    private static async Task Specimen(XmlReader specimen, string where, string? lab, BatchCollector batch)
    {
        await specimen.ReadAsync();
        var caseId = specimen.GetAttribute("CASEID");
        string? id = null, category = null;
        var loci = new List<(string, IReadOnlyList<string>?)>();
        await specimen.ReadAsync();
        while (!specimen.EOF)
        {
            if (specimen.NodeType == XmlNodeType.Element)
            {
                switch (specimen.LocalName)
                {
                    case "SPECIMENID": id = (await specimen.ReadElementContentAsStringAsync()).Trim(); continue;
                    case "SPECIMENCATEGORY": category = (await specimen.ReadElementContentAsStringAsync()).Trim(); continue;
                    case "CASEID": caseId ??= (await specimen.ReadElementContentAsStringAsync()).Trim(); continue;
                    case "LOCUS":
                        using (var locus = specimen.ReadSubtree())
                        {
                            loci.Add(await Locus(locus));
                        }

                        break;
                }
            }

            await specimen.ReadAsync();
        }

        if (category is null || !Categories.TryGetValue(category, out var mapped))
        {
            var reason = category is null ? "missing" : category.Equals("Missing Person", StringComparison.OrdinalIgnoreCase)
                ? "a missing person's own profile is matched by identity, not kinship; it is not registered here"
                : $"'{category}' is not a category of this registry (a biological relative, or an unidentified person)";
            batch.Reject(new RecordError(where, id ?? "?", "SPECIMENCATEGORY", reason));
            return;
        }

        // CMF has no sex field: ProfileRules takes it from the role, or Amelogenin, or leaves it unknown.
        batch.Add(new RegistrationFields(where, id, mapped.Category, mapped.Role is null ? null : caseId, mapped.Role, lab, null, loci));
    }

    private static async Task<(string, IReadOnlyList<string>?)> Locus(XmlReader locus)
    {
        await locus.ReadAsync();
        var name = locus.GetAttribute("LOCUSNAME");
        var alleles = new List<string>();
        await locus.ReadAsync();
        while (!locus.EOF)
        {
            if (locus.NodeType == XmlNodeType.Element && locus.LocalName == "LOCUSNAME")
            {
                name = (await locus.ReadElementContentAsStringAsync()).Trim();
                continue;
            }

            if (locus.NodeType == XmlNodeType.Element && locus.LocalName == "ALLELEVALUE")
            {
                alleles.Add((await locus.ReadElementContentAsStringAsync()).Trim());
                continue;
            }

            await locus.ReadAsync();
        }

        return (name ?? "(no LOCUSNAME)", alleles);
    }
}
