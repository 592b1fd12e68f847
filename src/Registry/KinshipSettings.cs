using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Matching.Kinship;

namespace Matching.Registry;

/// <summary>
/// What produced a search's results: the frequency table (by name and content), θ, the mutation model and its
/// rates, the reporting threshold and the engine's version. Every completed search records them, and so every match.
/// </summary>
public sealed record KinshipSettings(
    string FrequencyTable,
    string FrequencyTableHash,
    double Theta,
    string MutationModel,
    double MaleRate,
    double FemaleRate,
    double StepwiseRange,
    double StepwiseRate2,
    double ReportingThreshold,
    string EngineVersion)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static KinshipSettings Of(KinshipEngine engine, double reportingThreshold) => new(
        engine.Frequencies.Name, engine.Frequencies.ContentHash, engine.Theta, engine.Mutation.Kind.ToString().ToLowerInvariant(),
        engine.Mutation.MaleRate, engine.Mutation.FemaleRate, engine.Mutation.Range, engine.Mutation.Rate2, reportingThreshold, KinshipEngine.Version);

    /// <summary>The settings as stored: JSON with these names, in this order.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static KinshipSettings FromJson(string json) =>
        JsonSerializer.Deserialize<KinshipSettings>(json, Json) ?? throw new FormatException("kinship settings: not a JSON object");

    /// <summary>SHA-256 of <see cref="ToJson"/>: one row per distinct set of settings.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())));

    /// <summary>What differs from <paramref name="other"/>, one phrase a setting ("θ 0 here, 0.01 in the cluster").</summary>
    public IReadOnlyList<string> Differences(KinshipSettings other, string here = "here", string there = "in the cluster")
    {
        var differences = new List<string>();
        void Compare(string name, object mine, object theirs)
        {
            if (!Equals(mine, theirs))
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {mine} {here}, {theirs} {there}"));
            }
        }

        Compare("frequency table", FrequencyTable, other.FrequencyTable);
        if (FrequencyTable == other.FrequencyTable)
        {
            Compare("frequency table content (SHA-256)", FrequencyTableHash[..12], other.FrequencyTableHash[..12]);
        }

        Compare("θ", Theta, other.Theta);
        Compare("mutation model", MutationModel, other.MutationModel);
        Compare("male mutation rate", MaleRate, other.MaleRate);
        Compare("female mutation rate", FemaleRate, other.FemaleRate);
        Compare("stepwise range", StepwiseRange, other.StepwiseRange);
        Compare("stepwise two-step rate", StepwiseRate2, other.StepwiseRate2);
        Compare("reporting threshold", ReportingThreshold, other.ReportingThreshold);
        Compare("engine version", EngineVersion, other.EngineVersion);
        return differences;
    }
}
