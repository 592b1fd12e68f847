using System.Text.Json;

namespace Matching.Kinship.Contract;

/// <summary>
/// Reads the input JSON of kinship-contract.md. A file that cannot be used at all throws
/// <see cref="KinshipInputException"/>; a bad case becomes that case's error and the others go on.
/// </summary>
public static class KinshipRequestReader
{
    public static KinshipRequest Read(Stream json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new KinshipInputException($"{source}: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message.Split('.')[0]}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new KinshipInputException($"{source}: the top level must be an object with 'frequencies' and 'cases'");
            }

            var frequencies = ReadFrequencies(root, source);
            var theta = 0.0;
            if (root.TryGetProperty("theta", out var thetaElement) && thetaElement.ValueKind != JsonValueKind.Null)
            {
                if (thetaElement.ValueKind != JsonValueKind.Number || !thetaElement.TryGetDouble(out theta) || theta < 0 || theta >= 1)
                {
                    throw new KinshipInputException($"{source}, theta: {thetaElement.GetRawText()} is not a number in [0, 1)");
                }
            }

            var mutation = ReadMutation(root, source);
            if (!root.TryGetProperty("cases", out var cases) || cases.ValueKind != JsonValueKind.Array)
            {
                throw new KinshipInputException($"{source}, cases: missing or not an array");
            }

            var result = new List<RequestedCase>();
            var number = 0;
            foreach (var element in cases.EnumerateArray())
            {
                number++;
                result.Add(ReadCase(element, number));
            }

            return new KinshipRequest(frequencies, mutation, theta, result, ReadPower(root, source));
        }
    }

    private static FrequencyTable ReadFrequencies(JsonElement root, string source)
    {
        if (!root.TryGetProperty("frequencies", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            throw new KinshipInputException($"{source}, frequencies: missing or not an object of locus → allele → frequency");
        }

        var loci = new List<LocusFrequencies>();
        foreach (var locus in element.EnumerateObject())
        {
            var name = LocusName.Normalize(locus.Name);
            if (locus.Value.ValueKind != JsonValueKind.Object)
            {
                throw new KinshipInputException($"{source}, frequencies.{locus.Name}: not an object of allele → frequency");
            }

            var alleles = new List<string>();
            var values = new List<double>();
            foreach (var allele in locus.Value.EnumerateObject())
            {
                if (allele.Value.ValueKind != JsonValueKind.Number || !allele.Value.TryGetDouble(out var f))
                {
                    throw new KinshipInputException($"{source}, frequencies.{locus.Name}.{allele.Name}: {allele.Value.GetRawText()} is not a number");
                }

                if (!AlleleLabel.IsWellFormed(allele.Name))
                {
                    throw new KinshipInputException($"{source}, frequencies.{locus.Name}: '{allele.Name}' is not an allele label");
                }

                alleles.Add(allele.Name);
                values.Add(f);
            }

            try
            {
                loci.Add(new LocusFrequencies(name, alleles, values));
            }
            catch (FrequencyTableException e)
            {
                throw new KinshipInputException($"{source}, frequencies: {e.Message}");
            }
        }

        if (loci.Count == 0)
        {
            throw new KinshipInputException($"{source}, frequencies: no locus");
        }

        try
        {
            return new FrequencyTable(source, loci);
        }
        catch (FrequencyTableException e)
        {
            throw new KinshipInputException($"{source}, frequencies: {e.Message}");
        }
    }

    /// <summary>The optional "power": thresholds above 0, draws (default 10,000) and seed (default 1).</summary>
    private static PowerRequest? ReadPower(JsonElement root, string source)
    {
        if (!root.TryGetProperty("power", out var power) || power.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (power.ValueKind != JsonValueKind.Object || !power.TryGetProperty("thresholds", out var thresholds) || thresholds.ValueKind != JsonValueKind.Array)
        {
            throw new KinshipInputException($"{source}, power: an object with \"thresholds\": [1000, 10000] (and optionally \"draws\" and \"seed\")");
        }

        var values = new List<double>();
        foreach (var t in thresholds.EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetDouble(out var value) || !double.IsFinite(value) || value <= 0)
            {
                throw new KinshipInputException($"{source}, power.thresholds: {t.GetRawText()} is not an LR above 0");
            }

            values.Add(value);
        }

        int Whole(string name, int fallback, int least) =>
            !power.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null ? fallback
            : e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var n) && n >= least ? n
            : throw new KinshipInputException($"{source}, power.{name}: {e.GetRawText()} is not a whole number of at least {least}");
        return new PowerRequest(values, Whole("draws", 10_000, 1), Whole("seed", 1, int.MinValue));
    }

    private static MutationModel ReadMutation(JsonElement root, string source)
    {
        if (!root.TryGetProperty("mutation", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return MutationModel.None;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new KinshipInputException($"{source}, mutation: not an object");
        }

        var modelName = element.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "none";
        MutationKind kind = modelName.ToLowerInvariant() switch
        {
            "none" => MutationKind.None,
            "equal" => MutationKind.Equal,
            "proportional" => MutationKind.Proportional,
            "stepwise" => MutationKind.Stepwise,
            _ => throw new KinshipInputException($"{source}, mutation.model: '{modelName}' is not one of none, equal, proportional, stepwise"),
        };
        if (kind == MutationKind.None)
        {
            return MutationModel.None;
        }

        double Number(string name, double fallback)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return fallback;
            }

            return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d)
                ? d
                : throw new KinshipInputException($"{source}, mutation.{name}: {value.GetRawText()} is not a number");
        }

        var rate = Number("rate", double.NaN);
        var male = Number("maleRate", rate);
        var female = Number("femaleRate", rate);
        if (double.IsNaN(male) || double.IsNaN(female))
        {
            throw new KinshipInputException($"{source}, mutation.rate: the {modelName} model needs a rate (or maleRate and femaleRate)");
        }

        var model = new MutationModel(kind, male, female, Number("range", 0.1), Number("rate2", 1e-6));
        return model.Problem() is { } problem ? throw new KinshipInputException($"{source}, {problem}") : model;
    }

    private static RequestedCase ReadCase(JsonElement element, int number)
    {
        var id = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var idElement) && idElement.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? (idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : idElement.GetRawText())
            : $"#{number}";
        try
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new KinshipInputException($"case {id}: not an object");
            }

            if (!element.TryGetProperty("references", out var refs) || refs.ValueKind != JsonValueKind.Array || refs.GetArrayLength() == 0)
            {
                throw new KinshipInputException($"case {id}: no references");
            }

            if (!element.TryGetProperty("candidate", out var candidateElement) || candidateElement.ValueKind != JsonValueKind.Object)
            {
                throw new KinshipInputException($"case {id}: no candidate");
            }

            var references = new List<Reference>();
            var index = 0;
            foreach (var r in refs.EnumerateArray())
            {
                index++;
                var roleText = r.ValueKind == JsonValueKind.Object && r.TryGetProperty("role", out var roleElement) && roleElement.ValueKind == JsonValueKind.String
                    ? roleElement.GetString()
                    : null;
                var label = $"reference {index} ({roleText ?? "no role"})";
                if (!RoleNames.TryParse(roleText, out var role))
                {
                    throw new KinshipInputException($"case {id}, {label}: unknown role '{roleText}'; the roles are {string.Join(", ", RoleNames.All)}");
                }

                references.Add(new Reference(role, ReadProfile(r, RoleNames.SexOf(role), id, label), label));
            }

            var candidateSex = Sex.Male;
            if (candidateElement.TryGetProperty("sex", out var sexElement) && sexElement.ValueKind != JsonValueKind.Null)
            {
                candidateSex = sexElement.ValueKind == JsonValueKind.String ? sexElement.GetString()!.Trim().ToUpperInvariant() switch
                {
                    "M" => Sex.Male,
                    "F" => Sex.Female,
                    "U" or "UNKNOWN" => Sex.Unknown,
                    _ => throw new KinshipInputException($"case {id}, candidate, sex: '{sexElement.GetString()}' is not M, F or U (unknown)"),
                }
                : throw new KinshipInputException($"case {id}, candidate, sex: {sexElement.GetRawText()} is not M, F or U (unknown)");
            }

            var kinshipCase = new KinshipCase(id, references, ReadProfile(candidateElement, candidateSex, id, "candidate"));
            return kinshipCase.Problem() is { } problem ? new RequestedCase(id, null, problem) : new RequestedCase(id, kinshipCase, null);
        }
        catch (KinshipInputException e)
        {
            return new RequestedCase(id, null, e.Message);
        }
    }

    private static Profile ReadProfile(JsonElement person, Sex sex, string caseId, string label)
    {
        if (!person.TryGetProperty("loci", out var loci) || loci.ValueKind != JsonValueKind.Object)
        {
            throw new KinshipInputException($"case {caseId}, {label}: 'loci' is missing or not an object");
        }

        var genotypes = new Dictionary<string, Genotype>(StringComparer.Ordinal);
        foreach (var locus in loci.EnumerateObject())
        {
            var name = LocusName.Normalize(locus.Name);
            var where = $"case {caseId}, {label}, locus {locus.Name}";
            if (locus.Value.ValueKind is JsonValueKind.Null || (locus.Value.ValueKind == JsonValueKind.Array && locus.Value.GetArrayLength() == 0))
            {
                throw new KinshipInputException($"{where}: empty genotype; leave an untyped locus out");
            }

            if (locus.Value.ValueKind != JsonValueKind.Array)
            {
                throw new KinshipInputException($"{where}: the genotype must be an array of one or two allele labels");
            }

            var alleles = new List<string>();
            foreach (var allele in locus.Value.EnumerateArray())
            {
                var text = allele.ValueKind switch
                {
                    JsonValueKind.String => allele.GetString()!,
                    JsonValueKind.Number => allele.GetRawText(),
                    _ => throw new KinshipInputException($"{where}: {allele.GetRawText()} is not an allele label"),
                };
                if (!AlleleLabel.IsWellFormed(text))
                {
                    throw new KinshipInputException($"{where}: '{text}' is not an allele label");
                }

                alleles.Add(text);
            }

            if (alleles.Count > 2)
            {
                throw new KinshipInputException($"{where}: {alleles.Count} alleles at an autosomal locus; a genotype has one or two");
            }

            if (name == LocusName.Amelogenin)
            {
                continue;
            }

            if (!genotypes.TryAdd(name, Genotype.Of(alleles[0], alleles[^1])))
            {
                throw new KinshipInputException($"{where}: the locus is given twice");
            }
        }

        return new Profile(sex, genotypes);
    }
}
