namespace Matching.Kinship.Tests;

/// <summary>Small builders for hand-made cases in tests.</summary>
internal static class Cases
{
    public const string Locus = "D3S1358";

    /// <summary>One locus with frequencies a = 0.1, b = 0.2, c = 0.3, d = 0.4 (alleles 14, 15, 16, 17).</summary>
    public static FrequencyTable FourAlleles() =>
        new("test", [new LocusFrequencies(Locus, ["14", "15", "16", "17"], [0.1, 0.2, 0.3, 0.4])]);

    public static Profile Person(string a, string b, Sex sex = Sex.Male) =>
        new(sex, new Dictionary<string, Genotype> { [Locus] = Genotype.Of(a, b) });

    public static KinshipCase Case(Profile candidate, params (Role Role, Profile Profile)[] references) =>
        new("test-case", references.Select((r, i) => new Reference(r.Role, r.Profile, $"reference {i + 1}")).ToList(), candidate);

    public static double Lr(KinshipEngine engine, KinshipCase kinshipCase)
    {
        var result = engine.Evaluate(kinshipCase);
        Assert.Null(result.Error);
        return result.Lr!.Value;
    }
}
