using System.Collections.Concurrent;

namespace Matching.Kinship;

/// <summary>
/// The exact case LR of kinship-contract.md: per locus, P(data | candidate is MP) / P(data | candidate unrelated),
/// multiplied over loci. Thread-safe; per-locus models are built once per engine.
/// </summary>
public sealed class KinshipEngine
{
    /// <summary>
    /// The engine's version as results record it: raised whenever a change can move an LR, so that a match says which
    /// engine computed it (2: a candidate of unknown sex scored as ½(LR_M + LR_F)).
    /// </summary>
    public const string Version = "2";

    private readonly ConcurrentDictionary<string, LocusModel> _models = new(StringComparer.Ordinal);

    /// <summary>Models of a locus extended by alleles the table lacks, by locus and those alleles in order: few, and costly to build.</summary>
    private readonly ConcurrentDictionary<string, (LocusFrequencies Frequencies, LocusModel Model)> _extended = new(StringComparer.Ordinal);

    private const int ExtendedModels = 4096;

    [ThreadStatic]
    private static LocusWorkspace? t_workspace;

    public KinshipEngine(FrequencyTable frequencies, MutationModel mutation, double theta = 0)
    {
        if (!double.IsFinite(theta) || theta < 0 || theta >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(theta), theta, "θ must be in [0, 1)");
        }

        if (mutation.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(mutation));
        }

        Frequencies = frequencies;
        Mutation = mutation;
        Theta = theta;
    }

    public FrequencyTable Frequencies { get; }

    public MutationModel Mutation { get; }

    public double Theta { get; }

    public CaseResult Evaluate(KinshipCase kinshipCase)
    {
        if (kinshipCase.Problem() is { } problem)
        {
            return CaseResult.Failed(kinshipCase.Id, problem);
        }

        return kinshipCase.Candidate.Sex == Sex.Unknown && DependsOnCandidateSex(kinshipCase)
            ? EitherSex(kinshipCase)
            : EvaluateKnownSex(kinshipCase);
    }

    /// <summary>
    /// The LR at one locus for the case's candidate: 1 where the candidate is untyped, NaN where the references are
    /// inconsistent there. For a case whose LR does not depend on the candidate's sex, <see cref="Evaluate"/>'s LR is
    /// the product of these over the table's loci, so a caller that knows most loci's factors peels only the rest.
    /// </summary>
    public double LikelihoodRatioAt(KinshipCase kinshipCase, string locus)
    {
        if (Frequencies[locus] is not { } frequencies || kinshipCase.Candidate[frequencies.Locus] is not { } candidate)
        {
            return 1;
        }

        return LocusLikelihoodRatio(kinshipCase, frequencies, candidate, t_workspace ??= new LocusWorkspace(), []);
    }

    /// <summary>
    /// Whether the LR changes with the candidate's sex: only through the meioses the candidate transmits to the case's
    /// children, and only when the mutation rates differ by sex.
    /// </summary>
    public bool DependsOnCandidateSex(KinshipCase kinshipCase) =>
        Mutation.MaleRate != Mutation.FemaleRate && kinshipCase.References.Any(r => r.Role == Role.Child);

    /// <summary>
    /// A candidate of unknown sex is male or female with probability ½ each under H1, and under H2 the case's
    /// likelihood does not involve the candidate's sex, so LR = ½(LR_M + LR_F) exactly. Each locus shows its own such
    /// mean, which is that locus's LR alone; the combined LR is then not the product of the loci's.
    /// </summary>
    private CaseResult EitherSex(KinshipCase kinshipCase)
    {
        var male = EvaluateKnownSex(kinshipCase with { Candidate = kinshipCase.Candidate with { Sex = Sex.Male } });
        var female = EvaluateKnownSex(kinshipCase with { Candidate = kinshipCase.Candidate with { Sex = Sex.Female } });
        if (male.Error is not null || female.Error is not null)
        {
            return male.Error is not null ? male : female;
        }

        var loci = male.Loci.Zip(female.Loci, (m, f) => new LocusLr(m.Locus, (m.Lr + f.Lr) / 2)).ToList();
        return new CaseResult(kinshipCase.Id, (male.Lr!.Value + female.Lr!.Value) / 2, loci, null, male.Warnings);
    }

    private CaseResult EvaluateKnownSex(KinshipCase kinshipCase)
    {
        var workspace = t_workspace ??= new LocusWorkspace();
        var loci = new List<LocusLr>(Frequencies.Loci.Count);
        var warnings = new List<string>();
        var lr = 1.0;
        foreach (var frequencies in Frequencies.Loci)
        {
            var candidate = kinshipCase.Candidate[frequencies.Locus];
            if (candidate is null)
            {
                loci.Add(new LocusLr(frequencies.Locus, 1));
                continue;
            }

            var locusLr = LocusLikelihoodRatio(kinshipCase, frequencies, candidate.Value, workspace, warnings);
            if (double.IsNaN(locusLr))
            {
                return CaseResult.Failed(kinshipCase.Id,
                    $"case {kinshipCase.Id}, locus {frequencies.Locus}: the references are inconsistent with each other under this mutation model");
            }

            loci.Add(new LocusLr(frequencies.Locus, locusLr));
            lr *= locusLr;
        }

        return new CaseResult(kinshipCase.Id, lr, loci, null, warnings);
    }

    /// <summary>
    /// The LR at one locus for every genotype the candidate could have: entry g is the LR of a candidate with
    /// genotype g (GenotypeIndex over the table's alleles). A reference may carry alleles the table lacks: the locus is
    /// then extended by them as the general path extends it for this case and a candidate of table alleles. A candidate
    /// of unknown sex gets ½(LR_M + LR_F) for each genotype where the LR depends on the sex, as <see cref="Evaluate"/> does.
    /// </summary>
    public double[] LikelihoodRatiosByGenotype(KinshipCase kinshipCase, string locus) => GenotypesAt(kinshipCase, locus).Lr;

    /// <summary>
    /// Every genotype the missing person could have at one locus, with its LR and its probability under either
    /// hypothesis (θ-aware: with θ > 0 the unrelated candidate is one more founder of the case's subpopulation), and
    /// the references' likelihood there. Where a reference carries an allele the table lacks, the mass of genotypes
    /// with that allele is not among the table's and the probabilities sum to a little under 1.
    /// </summary>
    public LocusGenotypes GenotypesAt(KinshipCase kinshipCase, string locus)
    {
        if (kinshipCase.Candidate.Sex != Sex.Unknown || !DependsOnCandidateSex(kinshipCase))
        {
            return GenotypesOfKnownSex(kinshipCase, locus);
        }

        return LocusGenotypes.EitherSex(
            GenotypesOfKnownSex(kinshipCase with { Candidate = kinshipCase.Candidate with { Sex = Sex.Male } }, locus),
            GenotypesOfKnownSex(kinshipCase with { Candidate = kinshipCase.Candidate with { Sex = Sex.Female } }, locus));
    }

    private LocusGenotypes GenotypesOfKnownSex(KinshipCase kinshipCase, string locus)
    {
        var frequencies = Frequencies[locus] ?? throw new ArgumentException($"locus {locus} is not in the frequency table", nameof(locus));
        var model = ModelFor(frequencies);
        var workspace = t_workspace ??= new LocusWorkspace();
        if (Theta > 0)
        {
            var (h1, h2) = (new double[model.G], new double[model.G]);
            for (var g = 0; g < model.G; g++)
            {
                var candidate = new Genotype(frequencies.Alleles[model.First[g]], frequencies.Alleles[model.Second[g]]);
                (h1[g], h2[g]) = SubpopulationLikelihoods(kinshipCase, frequencies, candidate, workspace, []);
            }

            return LocusGenotypes.FromLikelihoods(h1, h2);
        }

        var pedigree = workspace.Pedigree;
        var tableGenotypes = model.G;
        if (!FillPedigree(pedigree, kinshipCase, frequencies, null))
        {
            // A reference carries an allele the table lacks: the model the general path extends for this case, whose
            // genotypes over the table's alleles keep their indices (the unseen alleles come last).
            var unseen = ReferenceAlleles(kinshipCase, locus).Where(a => frequencies.IndexOf(a) < 0).Distinct().ToList();
            (frequencies, model) = Extended(frequencies, unseen);
            FillPedigree(pedigree, kinshipCase, frequencies, null);
        }

        var v = workspace.Vector(model.G);
        workspace.Peeler.Peel(model, pedigree, IndependentPriors(model, pedigree, workspace), v);
        var total = Sum(v);
        var (lr, unrelated, trueChild) = (new double[tableGenotypes], new double[tableGenotypes], new double[tableGenotypes]);
        for (var g = 0; g < tableGenotypes; g++)
        {
            lr[g] = v[g] / (model.HardyWeinberg[g] * total);
            unrelated[g] = model.HardyWeinberg[g];
            trueChild[g] = total == 0 ? 0 : v[g] / total;
        }

        return new LocusGenotypes(lr, unrelated, trueChild, total);
    }

    internal LocusModel ModelFor(LocusFrequencies frequencies) =>
        _models.TryGetValue(frequencies.Locus, out var model)
            ? model
            : _models.GetOrAdd(frequencies.Locus, static (_, state) => new LocusModel(state.frequencies, state.Mutation), (frequencies, Mutation));

    private double LocusLikelihoodRatio(KinshipCase kinshipCase, LocusFrequencies frequencies, Genotype candidate,
        LocusWorkspace workspace, List<string> warnings)
    {
        var locus = frequencies.Locus;
        var model = ModelFor(frequencies);
        var pedigree = workspace.Pedigree;
        if (Theta > 0 || !FillPedigree(pedigree, kinshipCase, frequencies, null) || frequencies.IndexOf(candidate.First) < 0 || frequencies.IndexOf(candidate.Second) < 0)
        {
            return LocusLikelihoodRatioGeneral(kinshipCase, frequencies, candidate, workspace, warnings);
        }

        var gc = GenotypeIndex.Of(frequencies.IndexOf(candidate.First), frequencies.IndexOf(candidate.Second));
        return IndependentRatio(model, pedigree, workspace, gc);
    }

    /// <summary>θ = 0: LR(c) = V(c) / (P_HW(c)·ΣV); NaN when the references contradict each other (ΣV = 0).</summary>
    private static double IndependentRatio(LocusModel model, TemplateLocus pedigree, LocusWorkspace workspace, int candidate)
    {
        var priors = IndependentPriors(model, pedigree, workspace);
        var atCandidate = workspace.Peeler.PeelCandidate(model, pedigree, priors, candidate, out var total);
        return total == 0 ? double.NaN : atCandidate / (model.HardyWeinberg[candidate] * total);
    }

    /// <summary>The same LR where the table lacks an allele (extended table), or with θ (urn, lumped alleles).</summary>
    private double LocusLikelihoodRatioGeneral(KinshipCase kinshipCase, LocusFrequencies frequencies, Genotype candidate,
        LocusWorkspace workspace, List<string> warnings)
    {
        if (Theta > 0)
        {
            var (h1, h2) = SubpopulationLikelihoods(kinshipCase, frequencies, candidate, workspace, warnings);
            return h2 == 0 ? double.NaN : h1 / h2;
        }

        var (wider, model) = WithUnseenAlleles(kinshipCase, frequencies, candidate, warnings);
        var pedigree = workspace.Pedigree;
        FillPedigree(pedigree, kinshipCase, wider, null);
        return IndependentRatio(model, pedigree, workspace, GenotypeIndex.Of(wider.IndexOf(candidate.First), wider.IndexOf(candidate.Second)));
    }

    /// <summary>P(candidate, references | H1) and P(candidate, references | H2) at one locus with θ > 0 (urn, lumped alleles).</summary>
    private (double H1, double H2) SubpopulationLikelihoods(KinshipCase kinshipCase, LocusFrequencies frequencies, Genotype candidate,
        LocusWorkspace workspace, List<string> warnings)
    {
        (frequencies, var model) = WithUnseenAlleles(kinshipCase, frequencies, candidate, warnings);

        // Lumping pays only where founders are enumerated (θ > 0); with θ = 0 the shared per-locus model is faster.
        int[]? map = null;
        if (Mutation.IsLumpable)
        {
            var observed = workspace.Observed;
            observed.Clear();
            foreach (var allele in CaseAlleles(kinshipCase, frequencies.Locus, candidate))
            {
                observed.Add(frequencies.IndexOf(allele));
            }

            if (observed.Count + 1 < model.N)
            {
                (model, map) = LumpedLocus.Build(model, observed);
            }
        }

        var pedigree = workspace.Pedigree;
        FillPedigree(pedigree, kinshipCase, frequencies, map);
        var gc = GenotypeIndex.Of(Index(frequencies, map, candidate.First), Index(frequencies, map, candidate.Second));
        return (SubpopulationLikelihood(model, pedigree, workspace, gc, candidateIsMissingPerson: true),
            SubpopulationLikelihood(model, pedigree, workspace, gc, candidateIsMissingPerson: false));
    }

    /// <summary>The locus as the table has it, or extended by the case's alleles it has not seen: the minimum frequency, the locus renormalised, a warning for each.</summary>
    private (LocusFrequencies Frequencies, LocusModel Model) WithUnseenAlleles(KinshipCase kinshipCase, LocusFrequencies frequencies, Genotype candidate,
        List<string> warnings)
    {
        if (!HasUnseenAllele(kinshipCase, frequencies, candidate))
        {
            return (frequencies, ModelFor(frequencies));
        }

        var unseen = CaseAlleles(kinshipCase, frequencies.Locus, candidate).Where(a => frequencies.IndexOf(a) < 0).Distinct().ToList();
        foreach (var allele in unseen)
        {
            warnings.Add($"case {kinshipCase.Id}, locus {frequencies.Locus}: allele {allele} is not in the frequency table; given the minimum frequency {frequencies.MinimumFrequency:G4}");
        }

        return Extended(frequencies, unseen);
    }

    private static int Index(LocusFrequencies frequencies, int[]? map, string allele)
    {
        var index = frequencies.IndexOf(allele);
        return map is null || index < 0 ? index : map[index];
    }

    private static bool HasUnseenAllele(KinshipCase kinshipCase, LocusFrequencies frequencies, Genotype candidate)
    {
        if (frequencies.IndexOf(candidate.First) < 0 || frequencies.IndexOf(candidate.Second) < 0)
        {
            return true;
        }

        foreach (var reference in kinshipCase.References)
        {
            if (reference.Profile[frequencies.Locus] is { } g && (frequencies.IndexOf(g.First) < 0 || frequencies.IndexOf(g.Second) < 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The locus extended by <paramref name="unseen"/> (in that order, as the LR does not depend on it but its rounding does).</summary>
    private (LocusFrequencies Frequencies, LocusModel Model) Extended(LocusFrequencies frequencies, List<string> unseen)
    {
        var key = $"{frequencies.Locus}\t{string.Join('\t', unseen)}";
        if (_extended.TryGetValue(key, out var extended))
        {
            return extended;
        }

        var wider = frequencies.WithUnseen(unseen);
        extended = (wider, new LocusModel(wider, Mutation));
        if (_extended.Count < ExtendedModels)
        {
            _extended.TryAdd(key, extended);
        }

        return extended;
    }

    private static IEnumerable<string> CaseAlleles(KinshipCase kinshipCase, string locus, Genotype candidate)
    {
        yield return candidate.First;
        yield return candidate.Second;
        foreach (var allele in ReferenceAlleles(kinshipCase, locus))
        {
            yield return allele;
        }
    }

    private static IEnumerable<string> ReferenceAlleles(KinshipCase kinshipCase, string locus)
    {
        foreach (var reference in kinshipCase.References)
        {
            if (reference.Profile[locus] is { } g)
            {
                yield return g.First;
                yield return g.Second;
            }
        }
    }

    /// <summary>Places each reference typed here; false (and the pedigree unusable) when an allele is not in the table.</summary>
    private static bool FillPedigree(TemplateLocus pedigree, KinshipCase kinshipCase, LocusFrequencies frequencies, int[]? map)
    {
        pedigree.Clear();
        // Where the candidate's sex is unknown it does not matter here (Evaluate averages the two where it does).
        pedigree.MissingPersonSex = kinshipCase.Candidate.Sex == Sex.Unknown ? Sex.Male : kinshipCase.Candidate.Sex;
        foreach (var reference in kinshipCase.References)
        {
            var role = reference.Role;
            pedigree.Core |= role != Role.Child;
            pedigree.PaternalTop |= role is Role.PaternalGrandfather or Role.PaternalGrandmother or Role.PaternalUncle or Role.PaternalAunt;
            pedigree.MaternalTop |= role is Role.MaternalGrandfather or Role.MaternalGrandmother or Role.MaternalUncle or Role.MaternalAunt;
            if (reference.Profile[frequencies.Locus] is not { } genotype)
            {
                continue;
            }

            var (a, b) = (Index(frequencies, map, genotype.First), Index(frequencies, map, genotype.Second));
            if (a < 0 || b < 0)
            {
                return false;
            }

            var g = GenotypeIndex.Of(a, b);
            switch (role)
            {
                case Role.Father: pedigree.Father = g; break;
                case Role.Mother: pedigree.Mother = g; break;
                case Role.PaternalGrandfather: pedigree.PaternalGrandfather = g; break;
                case Role.PaternalGrandmother: pedigree.PaternalGrandmother = g; break;
                case Role.MaternalGrandfather: pedigree.MaternalGrandfather = g; break;
                case Role.MaternalGrandmother: pedigree.MaternalGrandmother = g; break;
                case Role.FullSibling: pedigree.FullSiblings.Add((a, b)); break;
                case Role.PaternalHalfSibling: pedigree.PaternalHalfSiblings.Add((a, b)); break;
                case Role.MaternalHalfSibling: pedigree.MaternalHalfSiblings.Add((a, b)); break;
                case Role.PaternalUncle or Role.PaternalAunt: pedigree.PaternalUnclesAndAunts.Add((a, b)); break;
                case Role.MaternalUncle or Role.MaternalAunt: pedigree.MaternalUnclesAndAunts.Add((a, b)); break;
                case Role.Child: pedigree.Children.Add((a, b)); break;
                default: throw new InvalidOperationException($"role {role}");
            }
        }

        return true;
    }

    /// <summary>θ = 0: founders independent, each with its Hardy–Weinberg prior (typed ones fixed to their genotype).</summary>
    private static FounderPriors IndependentPriors(LocusModel model, TemplateLocus pedigree, LocusWorkspace workspace)
    {
        var priors = workspace.Priors(model);
        var hw = priors.HardyWeinberg;
        hw[0] = pedigree.Father == TemplateLocus.Untyped;
        hw[1] = pedigree.Mother == TemplateLocus.Untyped;
        hw[2] = pedigree.PaternalGrandfather == TemplateLocus.Untyped;
        hw[3] = pedigree.PaternalGrandmother == TemplateLocus.Untyped;
        hw[4] = pedigree.MaternalGrandfather == TemplateLocus.Untyped;
        hw[5] = pedigree.MaternalGrandmother == TemplateLocus.Untyped;
        if (pedigree.Core)
        {
            if (pedigree.PaternalTop)
            {
                FounderPrior(model, priors, priors.PaternalGrandfather, pedigree.PaternalGrandfather);
                FounderPrior(model, priors, priors.PaternalGrandmother, pedigree.PaternalGrandmother);
            }
            else
            {
                FounderPrior(model, priors, priors.Father, pedigree.Father);
            }

            if (pedigree.MaternalTop)
            {
                FounderPrior(model, priors, priors.MaternalGrandfather, pedigree.MaternalGrandfather);
                FounderPrior(model, priors, priors.MaternalGrandmother, pedigree.MaternalGrandmother);
            }
            else
            {
                FounderPrior(model, priors, priors.Mother, pedigree.Mother);
            }
        }
        else
        {
            model.HardyWeinberg.AsSpan().CopyTo(priors.MissingPerson);
        }

        Partners(model, priors.PaternalHalfSiblingPartners, pedigree.PaternalHalfSiblings.Count, Sex.Female);
        Partners(model, priors.MaternalHalfSiblingPartners, pedigree.MaternalHalfSiblings.Count, Sex.Male);
        Partners(model, priors.ChildPartners, pedigree.Children.Count, Opposite(pedigree.MissingPersonSex));
        return priors;
    }

    private static void FounderPrior(LocusModel model, FounderPriors priors, double[] prior, int typed)
    {
        if (typed == TemplateLocus.Untyped)
        {
            // Flagged in FounderPriors.HardyWeinberg: the peeler reads the model's vector instead.
            return;
        }

        priors.PointMass(prior, model.G, typed, model.HardyWeinberg[typed]);
    }

    private static void Partners(LocusModel model, List<double[]> partners, int count, Sex sex)
    {
        for (var i = 0; i < count; i++)
        {
            model.FounderTransmission[(int)sex].AsSpan().CopyTo(FounderPriors.Slot(partners, i, model.N));
        }
    }

    private static Sex Opposite(Sex sex) => sex == Sex.Male ? Sex.Female : Sex.Male;

    private static double Sum(ReadOnlySpan<double> v)
    {
        var total = 0.0;
        foreach (var x in v)
        {
            total += x;
        }

        return total;
    }

    /// <summary>
    /// θ &gt; 0 (Balding–Nichols): every founder allele is drawn from one urn, so founders are not independent.
    /// Typed founders' alleles are drawn first (order does not matter: the urn is exchangeable); the untyped founders
    /// that have typed descendants are enumerated genotype by genotype, the last one summed as a vector; untyped
    /// founders with no typed descendant drop out of the urn altogether. Under H2 the candidate is one more typed founder.
    /// </summary>
    private double SubpopulationLikelihood(LocusModel model, TemplateLocus pedigree, LocusWorkspace workspace, int candidate, bool candidateIsMissingPerson)
    {
        var priors = workspace.Priors(model);
        priors.WrittenWhole();
        Array.Clear(priors.HardyWeinberg);
        var pool = new BaldingNicholsPool(model.P, Theta);
        var slots = new List<FounderSlot>();
        var h1 = candidateIsMissingPerson;
        var mpSubtree = h1 || pedigree.Children.Count > 0;
        var fatherSubtree = pedigree.Father != TemplateLocus.Untyped || pedigree.FullSiblings.Count > 0 || pedigree.PaternalHalfSiblings.Count > 0 || mpSubtree;
        var motherSubtree = pedigree.Mother != TemplateLocus.Untyped || pedigree.FullSiblings.Count > 0 || pedigree.MaternalHalfSiblings.Count > 0 || mpSubtree;

        if (pedigree.Core)
        {
            if (pedigree.PaternalTop)
            {
                var top = fatherSubtree || pedigree.PaternalUnclesAndAunts.Count > 0;
                slots.Add(FounderSlot.Genotype(priors.PaternalGrandfather, pedigree.PaternalGrandfather, top));
                slots.Add(FounderSlot.Genotype(priors.PaternalGrandmother, pedigree.PaternalGrandmother, top));
            }
            else
            {
                slots.Add(FounderSlot.Genotype(priors.Father, pedigree.Father, fatherSubtree));
            }

            if (pedigree.MaternalTop)
            {
                var top = motherSubtree || pedigree.MaternalUnclesAndAunts.Count > 0;
                slots.Add(FounderSlot.Genotype(priors.MaternalGrandfather, pedigree.MaternalGrandfather, top));
                slots.Add(FounderSlot.Genotype(priors.MaternalGrandmother, pedigree.MaternalGrandmother, top));
            }
            else
            {
                slots.Add(FounderSlot.Genotype(priors.Mother, pedigree.Mother, motherSubtree));
            }
        }
        else
        {
            slots.Add(FounderSlot.Genotype(priors.MissingPerson, h1 ? candidate : TemplateLocus.Untyped, mpSubtree));
        }

        for (var i = 0; i < pedigree.PaternalHalfSiblings.Count; i++)
        {
            slots.Add(FounderSlot.Allele(FounderPriors.Slot(priors.PaternalHalfSiblingPartners, i, model.N), Sex.Female));
        }

        for (var i = 0; i < pedigree.MaternalHalfSiblings.Count; i++)
        {
            slots.Add(FounderSlot.Allele(FounderPriors.Slot(priors.MaternalHalfSiblingPartners, i, model.N), Sex.Male));
        }

        for (var i = 0; i < pedigree.Children.Count; i++)
        {
            slots.Add(FounderSlot.Allele(FounderPriors.Slot(priors.ChildPartners, i, model.N), Opposite(pedigree.MissingPersonSex)));
        }

        // Typed founders first; the candidate is one of them under H2.
        var weight = 1.0;
        foreach (var slot in slots)
        {
            if (slot.Typed != TemplateLocus.Untyped)
            {
                weight *= pool.DrawGenotype(model.First[slot.Typed], model.Second[slot.Typed]);
                Array.Clear(slot.Prior, 0, model.G);
                slot.Prior[slot.Typed] = 1;
            }
            else if (slot.Kind == FounderSlotKind.Genotype && !slot.Relevant)
            {
                model.HardyWeinberg.AsSpan().CopyTo(slot.Prior);
            }
        }

        if (!h1)
        {
            weight *= pool.DrawGenotype(model.First[candidate], model.Second[candidate]);
        }

        var open = slots.Where(s => s.Typed == TemplateLocus.Untyped && s.Relevant).ToList();
        var v = workspace.Vector(model.G);
        return weight * Enumerate(model, pedigree, priors, workspace, pool, open, 0, candidate, h1, v);
    }

    private static double Enumerate(LocusModel model, TemplateLocus pedigree, FounderPriors priors, LocusWorkspace workspace,
        BaldingNicholsPool pool, List<FounderSlot> open, int next, int candidate, bool h1, Span<double> v)
    {
        if (next >= open.Count - 1)
        {
            if (next == open.Count - 1)
            {
                var last = open[next];
                if (last.Kind == FounderSlotKind.Genotype)
                {
                    for (var g = 0; g < model.G; g++)
                    {
                        last.Prior[g] = pool.GenotypeProbability(model.First[g], model.Second[g]);
                    }
                }
                else
                {
                    Array.Clear(last.Prior, 0, model.N);
                    for (var a = 0; a < model.N; a++)
                    {
                        var pa = pool.Probability(a);
                        for (var x = 0; x < model.N; x++)
                        {
                            last.Prior[x] += pa * model.Mutation(last.Sex, a, x);
                        }
                    }
                }
            }

            workspace.Peeler.Peel(model, pedigree, priors, v);
            return h1 ? v[candidate] : Sum(v);
        }

        var slot = open[next];
        var total = 0.0;
        if (slot.Kind == FounderSlotKind.Genotype)
        {
            for (var g = 0; g < model.G; g++)
            {
                int i = model.First[g], j = model.Second[g];
                var probability = pool.GenotypeProbability(i, j);
                if (probability == 0)
                {
                    continue;
                }

                Array.Clear(slot.Prior, 0, model.G);
                slot.Prior[g] = 1;
                pool.Add(i);
                pool.Add(j);
                total += probability * Enumerate(model, pedigree, priors, workspace, pool, open, next + 1, candidate, h1, v);
                pool.Remove(i);
                pool.Remove(j);
            }
        }
        else
        {
            for (var a = 0; a < model.N; a++)
            {
                var probability = pool.Probability(a);
                for (var x = 0; x < model.N; x++)
                {
                    slot.Prior[x] = model.Mutation(slot.Sex, a, x);
                }

                pool.Add(a);
                total += probability * Enumerate(model, pedigree, priors, workspace, pool, open, next + 1, candidate, h1, v);
                pool.Remove(a);
            }
        }

        return total;
    }
}
