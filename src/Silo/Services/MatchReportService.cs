using Matching.Grains;
using Matching.Kinship;
using Matching.Kinship.Pedigree;
using Matching.Registry;
using Matching.Registry.Access;
using Matching.Registry.Stores;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Services;

/// <summary>
/// The match report of a case and a candidate. The LR is computed again by the exact engine under the registry's
/// settings, locus by locus; a locus is marked where only a mutation explains it: its LR is 0 without the mutation
/// model and above 0 with it.
/// </summary>
public sealed class MatchReportService(IGrainFactory grains, KinshipEngine engine, IMatchStore matches, EvidenceService evidence, ReviewService reviews,
    IOptions<RegistryOptions> options)
{
    private readonly KinshipEngine _withoutMutation = new(engine.Frequencies, MutationModel.None, engine.Theta);

    /// <summary>The report; null when the person or the case is not registered, or the pair was never a candidate.</summary>
    public async Task<MatchReport?> ReportAsync(Caller caller, CandidatePair pair, CancellationToken cancellationToken)
    {
        var person = await grains.GetGrain<IProfileGrain>(pair.ProfileId).Get();
        var definition = await grains.CurrentAsync(pair.CaseId);
        if (person is null || definition.References.Count == 0 || await reviews.CurrentAsync(pair, cancellationToken) is not var (review, history))
        {
            return null;
        }

        var candidate = person.Dna.ToProfile();
        var kinshipCase = definition.ToKinshipCase(candidate);
        var result = engine.Evaluate(kinshipCase);
        var strict = _withoutMutation.Evaluate(kinshipCase);
        var byLocus = result.Loci.ToDictionary(l => l.Locus, l => l.Lr, StringComparer.Ordinal);
        var strictByLocus = strict.Loci.ToDictionary(l => l.Locus, l => l.Lr, StringComparer.Ordinal);

        var loci = definition.References.SelectMany(r => r.Dna.Loci).Concat(person.Dna.Loci).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var lines = loci.Select(locus => new LocusLine(locus, Alleles(person.Dna, locus), [.. definition.References.Select(r => Alleles(r.Dna, locus))],
            byLocus.TryGetValue(locus, out var lr) ? lr : null,
            byLocus.TryGetValue(locus, out var with) && with > 0 && strictByLocus.TryGetValue(locus, out var without) && without == 0)).ToList();

        var seesCase = pair.CaseProvince is not null && caller.Sees(pair.CaseProvince);
        var references = definition.References.Select(r => new ReferenceSide(seesCase ? r.ProfileId : null, r.Role, SexCodes.Text(r.Dna.Sex))).ToList();
        var pedigree = CasePedigree.Of(kinshipCase.References, candidate.Sex)
            .Select(m => new PedigreeView(m.Id, m.Place, SexCodes.Text(m.Sex), m.Father, m.Mother, m.Typed, m.Id == CasePedigree.MissingPerson,
                seesCase ? m.Reference : null)).ToList();

        var stored = (await matches.ListAsync(pair.ProfileId, pair.CaseId, 0, cancellationToken)).FirstOrDefault();
        var strength = stored is null ? null : (await evidence.ForAsync([stored], cancellationToken))[0];
        var seesPerson = pair.PersonProvince is not null && caller.Sees(pair.PersonProvince);
        return new MatchReport(pair.CaseId, pair.ProfileId, new CandidateSide(pair.ProfileId, SexCodes.Text(person.Dna.Sex), seesPerson ? person.Province : null),
            references, pedigree, lines, result.Lr, result.Log10Lr, stored is null ? null : new StoredMatch(stored.Lr, stored.Rank, stored.SettingsId), strength,
            KinshipSettings.Of(engine, options.Value.ReportingThreshold), review, [.. history.Select(ReviewEventView.Of)]);
    }

    private static string[]? Alleles(Dna dna, string locus) => dna.IndexOf(locus) is var i and >= 0 ? [dna.Alleles[2 * i], dna.Alleles[(2 * i) + 1]] : null;
}
