using Matching.Kinship;

namespace Matching.Registry.Formats;

/// <summary>
/// The rules every registered profile meets, whatever format it came in: a reason for the first rule a record
/// breaks, naming the record and the field, or the profile. An allele the frequency table lacks is accepted with a
/// warning (it is given the minimum frequency).
/// </summary>
public sealed class ProfileRules(FrequencyTable frequencies, int minimumLoci = ProfileRules.DefaultMinimumLoci)
{
    public const int DefaultMinimumLoci = 12;

    public (ProfileRecord? Record, RecordError? Error) Build(RegistrationFields fields, List<string> warnings)
    {
        var where = fields.Where;
        if (string.IsNullOrWhiteSpace(fields.Id))
        {
            return (null, new RecordError(where, "?", "id", "missing; every profile needs the registry's id"));
        }

        var id = fields.Id.Trim();
        (ProfileRecord?, RecordError?) Fail(string field, string reason) => (null, new RecordError(where, id, field, reason));

        if (!ProfileCategoryNames.TryParse(fields.Category, out var category))
        {
            return Fail("category", $"'{fields.Category}' is not {ProfileCategoryNames.FamilyReference} or {ProfileCategoryNames.UnknownParentage}");
        }

        var caseId = fields.CaseId?.Trim();
        var roleName = fields.Role?.Trim();
        Role? role = null;
        if (category == ProfileCategory.FamilyReference)
        {
            if (string.IsNullOrEmpty(caseId))
            {
                return Fail("caseId", "a family reference needs the case it belongs to");
            }

            if (string.IsNullOrEmpty(roleName))
            {
                return Fail("role", "a family reference needs its role in the case (father, mother, full-sibling, ...)");
            }

            if (!RoleNames.TryParse(roleName, out var parsedRole))
            {
                return Fail("role", $"unknown role '{roleName}'; one of {string.Join(", ", RoleNames.All)}");
            }

            role = parsedRole;
        }
        else if (!string.IsNullOrEmpty(caseId) || !string.IsNullOrEmpty(roleName))
        {
            return Fail(string.IsNullOrEmpty(caseId) ? "role" : "caseId", "only a family reference has a case and a role");
        }

        var province = fields.Province?.Trim();
        if (string.IsNullOrEmpty(province))
        {
            return Fail("province", "missing; every profile belongs to the office of a province");
        }

        if (fields.Loci is null)
        {
            return Fail("loci", "missing; an object of locus name to its one or two alleles");
        }

        var loci = _loci ??= new KeyValuePair<string, Genotype>[64];
        var typed = 0;
        Sex? amelogeninSex = null;
        var amelogenin = "";
        var kinshipLoci = 0;
        for (var l = 0; l < fields.Loci.Count; l++)
        {
            var (name, given) = fields.Loci[l];
            // The field is named only when the locus fails: a bulk import checks millions of good ones.
            var locus = LocusName.TryCanonical(name);
            if (locus is null)
            {
                return Fail($"loci.{name}", $"unknown locus '{name}'");
            }

            if (given is null)
            {
                return Fail($"loci.{name}", "alleles must be a list of one or two allele labels, such as [\"15\", \"16.3\"]");
            }

            var (count, first, last) = (0, "", "");
            for (var i = 0; i < given.Count; i++)
            {
                // By index: a foreach over the interface would box an enumerator for every locus of every record.
                if (given[i] is { } allele && !string.IsNullOrWhiteSpace(allele))
                {
                    (count, first, last) = (count + 1, count == 0 ? allele : first, allele);
                }
            }

            if (locus == LocusName.Amelogenin)
            {
                if (count > 0)
                {
                    amelogeninSex = given.Any(a => a?.Trim().Equals("Y", StringComparison.OrdinalIgnoreCase) == true) ? Kinship.Sex.Male : Kinship.Sex.Female;
                    amelogenin = $"loci.{name} {string.Join(",", given.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!.Trim()))}";
                }

                continue;
            }

            if (count is 0)
            {
                return Fail($"loci.{name}", "no alleles; leave an untyped locus out");
            }

            if (count > 2)
            {
                return Fail($"loci.{name}", $"{count} alleles at an autosomal locus; a person has at most two");
            }

            if (!AlleleLabel.IsWellFormed(first) || !AlleleLabel.IsWellFormed(last))
            {
                return Fail($"loci.{name}", $"'{(AlleleLabel.IsWellFormed(first) ? last : first)}' is not an allele label (a repeat number such as 9.3, or OL)");
            }

            var genotype = Genotype.Of(first, last);
            for (var earlier = 0; earlier < typed; earlier++)
            {
                // One string per locus (LocusName.TryCanonical): the same locus is the same object.
                if (ReferenceEquals(loci[earlier].Key, locus))
                {
                    return Fail($"loci.{name}", $"locus {locus} is given twice");
                }
            }

            if (typed == loci.Length)
            {
                Array.Resize(ref _loci, 2 * typed);
                loci = _loci;
            }

            loci[typed++] = KeyValuePair.Create(locus, genotype);
            if (frequencies[locus] is not { } table)
            {
                if (_unscored.Add(locus))
                {
                    warnings.Add($"{where}, record {id}, loci.{name}: locus {locus} is not in the frequency table; it is stored but left out of " +
                        "every LR (warned once for the locus in this import)");
                }
            }
            else
            {
                kinshipLoci++;
                Unseen(table, genotype.First, name);
                if (!genotype.IsHomozygous)
                {
                    Unseen(table, genotype.Second, name);
                }
            }
        }

        void Unseen(LocusFrequencies table, string allele, string name)
        {
            if (table.IndexOf(allele) < 0)
            {
                warnings.Add($"{where}, record {id}, loci.{name}: allele {allele} is not in the frequency table; it is given the minimum frequency");
            }
        }

        var sexText = fields.Sex?.Trim();
        if (!SexCodes.TryParse(sexText, out var stated))
        {
            return Fail("sex", $"'{sexText}' is not M, F or U (unknown); leave it empty where the role or Amelogenin says it");
        }

        var implied = role is { } r ? RoleNames.SexOf(r) : Kinship.Sex.Unknown;
        if (stated is Kinship.Sex.Male or Kinship.Sex.Female && implied != Kinship.Sex.Unknown && stated != implied)
        {
            return Fail("sex", $"'{sexText}' contradicts role {roleName}, which is {SexCodes.Describe(implied)}");
        }

        if (stated is Kinship.Sex.Male or Kinship.Sex.Female && amelogeninSex is { } shown && stated != shown)
        {
            return Fail("sex", $"'{sexText}' contradicts Amelogenin ({amelogenin}), which shows a person {SexCodes.Describe(shown)}");
        }

        // Amelogenin X,Y in a woman's role is a mix-up; X alone in a man's role may be a deletion of AMELY, which is
        // documented in healthy men, so the role is believed there.
        if (stated is null && implied == Kinship.Sex.Female && amelogeninSex == Kinship.Sex.Male)
        {
            return Fail("loci.AMEL", $"Amelogenin ({amelogenin}) shows a man, but role {roleName} is a woman's");
        }

        var sex = stated is Kinship.Sex.Male or Kinship.Sex.Female
            ? stated.Value
            : implied != Kinship.Sex.Unknown ? implied : amelogeninSex ?? Kinship.Sex.Unknown;

        if (kinshipLoci < minimumLoci)
        {
            return Fail("loci", $"{kinshipLoci} loci of the frequency table typed; at least {minimumLoci} are needed for a search");
        }

        var reason = string.IsNullOrWhiteSpace(fields.CorrectionReason) ? null : fields.CorrectionReason.Trim();
        return (new ProfileRecord(id, category, caseId, role, province, sex, new OrderedLoci(loci[..typed])) { CorrectionReason = reason }, null);
    }

    // Loci typed in this import that the table lacks, each warned of once.
    private readonly HashSet<string> _unscored = new(StringComparer.Ordinal);

    // The loci of the record being read: one array a thread, copied exactly into the record's own.
    [ThreadStatic]
    private static KeyValuePair<string, Genotype>[]? _loci;
}
