using System.Text.Json;

namespace Matching.Kinship.Contract;

/// <summary>Writes the output JSON of kinship-contract.md.</summary>
public static class KinshipResponseWriter
{
    public static void Write(Stream output, IEnumerable<CaseResult> results) => Write(output, results.Select(r => (r, (Power.CasePower?)null)));

    /// <summary>The results, each with its case's power where one was asked for and could be computed.</summary>
    public static void Write(Stream output, IEnumerable<(CaseResult Result, Power.CasePower? Power)> results)
    {
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteStartArray("results");
        foreach (var (result, power) in results)
        {
            writer.WriteStartObject();
            writer.WriteString("id", result.Id);
            WriteNumber(writer, "lr", result.Lr);
            WriteNumber(writer, "log10Lr", result.Log10Lr);
            writer.WriteStartArray("loci");
            foreach (var locus in result.Loci)
            {
                writer.WriteStartObject();
                writer.WriteString("locus", locus.Locus);
                writer.WriteNumber("lr", locus.Lr);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (result.Error is null)
            {
                writer.WriteNull("error");
            }
            else
            {
                writer.WriteString("error", result.Error);
            }

            writer.WriteStartArray("warnings");
            foreach (var warning in result.Warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
            if (power is not null)
            {
                WritePower(writer, power);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WritePower(Utf8JsonWriter writer, Power.CasePower power)
    {
        writer.WriteStartArray("power");
        foreach (var figure in power.Power)
        {
            writer.WriteStartObject();
            writer.WriteNumber("threshold", figure.Threshold);
            writer.WriteNumber("unrelated", figure.Unrelated);
            writer.WriteNumber("unrelatedStandardError", figure.UnrelatedStandardError);
            writer.WriteNumber("trueChild", figure.TrueChild);
            writer.WriteNumber("trueChildStandardError", figure.TrueChildStandardError);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("trueChildLog10Lr");
        WriteNumber(writer, "median", power.TrueChildLog10Lr.Median);
        WriteNumber(writer, "p05", power.TrueChildLog10Lr.P05);
        writer.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
