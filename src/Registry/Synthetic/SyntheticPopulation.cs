using System.Globalization;
using System.Text.Json;
using Matching.Kinship;

namespace Matching.Registry.Synthetic;

/// <summary>
/// A synthetic registry drawn from an allele frequency table: families of several case shapes whose missing child
/// is planted among unrelated persons of unknown parentage, with occasional one-step mutations and untyped loci.
/// Every profile is a registration JSON line; the planted children are the truth a search should find.
/// </summary>
public sealed class SyntheticPopulation
{
    /// <summary>The CODIS core loci and three more that Asian kits type.</summary>
    public static readonly string[] Loci =
    [
        "CSF1PO", "D3S1358", "D5S818", "D7S820", "D8S1179", "D13S317", "D16S539", "D18S51", "D21S11", "FGA",
        "TH01", "TPOX", "vWA", "D1S1656", "D2S441", "D2S1338", "D10S1248", "D12S391", "D19S433", "D22S1045",
        "Penta D", "Penta E", "D6S1043",
    ];

    private static readonly (string Name, Role[] Roles)[] Shapes =
    [
        ("both parents", [Role.Father, Role.Mother]),
        ("mother", [Role.Mother]),
        ("father", [Role.Father]),
        ("two full siblings", [Role.FullSibling, Role.FullSibling]),
        ("paternal grandparents", [Role.PaternalGrandfather, Role.PaternalGrandmother]),
        ("mother and a full sibling", [Role.Mother, Role.FullSibling]),
    ];

    private static readonly string[] Provinces = ["Guangdong", "Sichuan", "Henan", "Yunnan", "Hebei", "Shandong"];

    private readonly FrequencyTable _table;
    private readonly Random _random;
    private readonly double _mutationRate;

    public SyntheticPopulation(FrequencyTable table, int seed, double mutationRate = 0.002)
    {
        _table = table;
        _random = new Random(seed);
        _mutationRate = mutationRate;
    }

    public List<string> Lines { get; } = [];

    /// <summary>Put before every case and person id: populations generated a block at a time stay apart.</summary>
    public string IdPrefix { get; init; } = "";

    public List<PlantedChild> Planted { get; } = [];

    /// <summary>
    /// Adds <paramref name="cases"/> families, the missing child of <paramref name="foundFraction"/> of them among
    /// the persons, and <paramref name="unrelated"/> unrelated persons; persons are shuffled.
    /// </summary>
    public SyntheticPopulation Generate(int cases, int unrelated, double foundFraction = 0.8, double mutatedFraction = 0.1)
    {
        var persons = new List<(Dictionary<string, Genotype> Loci, char Sex, string Province, PlantedChild? Planted)>();
        for (var c = 0; c < cases; c++)
        {
            var caseId = $"{IdPrefix}C-{c + 1:D5}";
            var (shape, roles) = Shapes[c % Shapes.Length];
            var province = Provinces[_random.Next(Provinces.Length)];
            var father = Person();
            var mother = Person();
            (Dictionary<string, Genotype> Loci, bool Mutated)? grandparentsChild = null;
            Dictionary<string, Genotype>? grandfather = null, grandmother = null;
            if (roles.Contains(Role.PaternalGrandfather))
            {
                (grandfather, grandmother) = (Person(), Person());
                grandparentsChild = Child(grandfather, grandmother, false);
                father = grandparentsChild.Value.Loci;
            }

            var mutated = _random.NextDouble() < mutatedFraction;
            var missing = Child(father, mother, mutated);
            var number = 0;
            foreach (var role in roles)
            {
                var loci = role switch
                {
                    Role.Father => father,
                    Role.Mother => mother,
                    Role.PaternalGrandfather => grandfather!,
                    Role.PaternalGrandmother => grandmother!,
                    _ => Child(father, mother, false).Loci,
                };
                var sex = role is Role.Father or Role.PaternalGrandfather ? 'M' : role is Role.Mother or Role.PaternalGrandmother ? 'F' : Sex();
                Lines.Add(Line($"{caseId}-R{++number}", ProfileCategoryNames.FamilyReference, caseId, RoleNames.Name(role), province, sex, loci));
            }

            if (_random.NextDouble() < foundFraction)
            {
                persons.Add((missing.Loci, Sex(), Provinces[_random.Next(Provinces.Length)], new PlantedChild("", caseId, shape, missing.Mutated)));
            }
        }

        for (var u = 0; u < unrelated; u++)
        {
            persons.Add((Person(), Sex(), Provinces[_random.Next(Provinces.Length)], null));
        }

        // Shuffled before ids are given, so that nothing but the DNA tells a planted child from an unrelated person.
        var personNumber = 0;
        foreach (var person in persons.OrderBy(_ => _random.Next()).ToList())
        {
            var id = $"{IdPrefix}P-{++personNumber:D6}";
            Lines.Add(Line(id, ProfileCategoryNames.UnknownParentage, null, null, person.Province, person.Sex, person.Loci));
            if (person.Planted is { } planted)
            {
                Planted.Add(planted with { ProfileId = id });
            }
        }

        return this;
    }

    private Dictionary<string, Genotype> Person() =>
        Loci.Where(l => _table[l] is not null).ToDictionary(l => l, l => Genotype.Of(_table[l]!.Draw(_random), _table[l]!.Draw(_random)));

    private (Dictionary<string, Genotype> Loci, bool Mutated) Child(Dictionary<string, Genotype> father, Dictionary<string, Genotype> mother, bool forceMutation)
    {
        var child = new Dictionary<string, Genotype>();
        var mutationLocus = forceMutation ? father.Keys.ElementAt(_random.Next(father.Count)) : null;
        var mutated = false;
        foreach (var locus in father.Keys)
        {
            var fromFather = Transmit(father[locus]);
            var fromMother = Transmit(mother[locus]);
            if (locus == mutationLocus || _random.NextDouble() < _mutationRate)
            {
                if (Step(fromFather) is { } stepped)
                {
                    fromFather = stepped;
                    mutated = true;
                }
            }

            child[locus] = Genotype.Of(fromFather, fromMother);
        }

        return (child, mutated);
    }

    private string Transmit(Genotype parent) => _random.Next(2) == 0 ? parent.First : parent.Second;

    /// <summary>A one-repeat gain or loss; null for a label that is not a repeat number.</summary>
    private string? Step(string allele) =>
        AlleleLabel.TryRepeats(allele, out var repeats) && repeats > 2
            ? (repeats + (_random.Next(2) == 0 ? -1 : 1)).ToString(CultureInfo.InvariantCulture)
            : null;

    private char Sex() => _random.Next(2) == 0 ? 'M' : 'F';

    private string Line(string id, string category, string? caseId, string? role, string province, char sex, Dictionary<string, Genotype> loci)
    {
        // Up to three loci untyped (degraded samples, older kits); never below the minimum a search needs.
        var typed = loci.Keys.ToList();
        var drop = _random.Next(4);
        for (var i = 0; i < drop && typed.Count > RegistrationReader.DefaultMinimumLoci; i++)
        {
            typed.RemoveAt(_random.Next(typed.Count));
        }

        var record = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["category"] = category,
        };
        if (caseId is not null)
        {
            record["caseId"] = caseId;
            record["role"] = role;
        }

        record["province"] = province;
        record["sex"] = sex.ToString();
        record["loci"] = typed.ToDictionary(l => l, l => new[] { loci[l].First, loci[l].Second });
        return JsonSerializer.Serialize(record);
    }
}
