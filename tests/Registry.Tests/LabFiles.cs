using System.Text;

namespace Matching.Registry.Tests;

/// <summary>Lab files as labs write them, for the format and import tests.</summary>
internal static class LabFiles
{
    public static string[] SyntheticLoci(int count = 15) => [.. Synthetic.SyntheticPopulation.Loci.Take(count)];

    /// <summary>A CODIS CMF file of these specimens, each typed at the first 15 synthetic loci.</summary>
    public static string Cmf(params (string Id, string Category, string? Case, string? Amelogenin)[] specimens) => Cmf(SyntheticLoci(), specimens);

    /// <summary>A CODIS CMF file of these specimens, each typed at <paramref name="loci"/>.</summary>
    public static string Cmf(IReadOnlyList<string> loci, params (string Id, string Category, string? Case, string? Amelogenin)[] specimens)
    {
        var xml = new StringBuilder("""
            <?xml version="1.0" encoding="utf-8"?>
            <CODISImportFile xmlns="urn:CODISImportFile-schema">
              <HEADERVERSION>3.2</HEADERVERSION><MESSAGETYPE>Import</MESSAGETYPE><DESTINATIONORI>GDPFSC</DESTINATIONORI>
              <SOURCELAB>GDPFSC</SOURCELAB><SUBMITBYUSERID>tech1</SUBMITBYUSERID><SUBMITDATETIME>2026-11-28T10:00:00</SUBMITDATETIME>
            """);
        foreach (var (id, category, caseId, amelogenin) in specimens)
        {
            xml.Append($"""<SPECIMEN SOURCEID="GDPFSC"{(caseId is null ? "" : $" CASEID=\"{caseId}\"")} PARTIAL="false">""");
            xml.Append($"<SPECIMENID>{id}</SPECIMENID><SPECIMENCATEGORY>{category}</SPECIMENCATEGORY>");
            foreach (var (locus, i) in loci.Select((l, i) => (l, i)))
            {
                xml.Append($"<LOCUS><LOCUSNAME>{locus}</LOCUSNAME><READINGBY>tech1</READINGBY>");
                xml.Append($"<ALLELE><ALLELEVALUE>{10 + (i % 4)}</ALLELEVALUE></ALLELE><ALLELE><ALLELEVALUE>{12 + (i % 3)}</ALLELEVALUE></ALLELE></LOCUS>");
            }

            if (amelogenin is not null)
            {
                xml.Append("<LOCUS><LOCUSNAME>AMEL</LOCUSNAME>");
                foreach (var a in amelogenin.Split(','))
                {
                    xml.Append($"<ALLELE><ALLELEVALUE>{a}</ALLELEVALUE></ALLELE>");
                }

                xml.Append("</LOCUS>");
            }

            xml.Append("</SPECIMEN>\n");
        }

        return xml.Append("</CODISImportFile>\n").ToString();
    }
}
