namespace Matching.Kinship;

/// <summary>
/// Per-locus LRs of the common case shapes in closed form (independent founders, θ = 0), over a
/// <see cref="LocusModel"/>'s genotype indices. Each equals the general peeling path; the scan builds its
/// tables from these. Untyped founders pass qσ = pᵀMσ; Qσ(x, y) = Σ_g P(g)·t_g(x)·t_g(y) is the chance a
/// random parent of sex σ passes x to one child and y to another.
/// </summary>
internal sealed class ClosedForms
{
    private readonly LocusModel _model;
    private readonly double[][] _q;
    private readonly double[][] _pairMoment;
    private readonly double[][] _grandchildMoment;

    public ClosedForms(LocusModel model)
    {
        _model = model;
        var n = model.N;
        _q = model.FounderTransmission;
        _pairMoment = new double[2][];
        _grandchildMoment = new double[2][];
        foreach (var sex in new[] { Sex.Male, Sex.Female })
        {
            var q = _q[(int)sex];
            var moment = new double[n * n];
            for (var x = 0; x < n; x++)
            {
                for (var y = 0; y < n; y++)
                {
                    var same = 0.0;
                    for (var a = 0; a < n; a++)
                    {
                        same += model.P[a] * model.Mutation(sex, a, x) * model.Mutation(sex, a, y);
                    }

                    moment[(x * n) + y] = 0.5 * (same + (q[x] * q[y]));
                }
            }

            _pairMoment[(int)sex] = moment;
        }

        // W[σ][u, c] for an uncle or aunt: Σ_x Qσ(u, x)·M_parent(x, c), where the parent is F (male) or Mo (female).
        for (var side = 0; side < 2; side++)
        {
            var parent = (Sex)side;
            var w = new double[2 * n * n];
            for (var sex = 0; sex < 2; sex++)
            {
                var moment = _pairMoment[sex];
                for (var u = 0; u < n; u++)
                {
                    for (var c = 0; c < n; c++)
                    {
                        var sum = 0.0;
                        for (var x = 0; x < n; x++)
                        {
                            sum += moment[(u * n) + x] * model.Mutation(parent, x, c);
                        }

                        w[(sex * n * n) + (u * n) + c] = sum;
                    }
                }
            }

            _grandchildMoment[side] = w;
        }
    }

    private double Hw(int g) => _model.HardyWeinberg[g];

    private double T(Sex sex, int genotype, int allele) => _model.Transmission[(int)sex][(genotype * _model.N) + allele];

    private double Q(Sex sex, int allele) => _q[(int)sex][allele];

    private double Moment(Sex sex, int x, int y) => _pairMoment[(int)sex][(x * _model.N) + y];

    /// <summary>Sums f(x from the first parent, y from the second) over the phases of genotype g.</summary>
    private double Phases(int g, Func<int, int, double> f)
    {
        int a = _model.First[g], b = _model.Second[g];
        return a == b ? f(a, a) : f(a, b) + f(b, a);
    }

    /// <summary>No reference typed at this locus: MP is still the child of untyped F and Mo, which under a
    /// non-stationary mutation model is not quite Hardy–Weinberg.</summary>
    public double NoReferenceTyped(int candidate) =>
        Phases(candidate, (x, y) => Q(Sex.Male, x) * Q(Sex.Female, y)) / Hw(candidate);

    /// <summary>Father (or mother) typed; the other parent an untyped founder.</summary>
    public double OneParent(Sex parentSex, int parent, int candidate)
    {
        var other = parentSex == Sex.Male ? Sex.Female : Sex.Male;
        return Phases(candidate, (x, y) => T(parentSex, parent, x) * Q(other, y)) / Hw(candidate);
    }

    /// <summary>
    /// <see cref="OneParent"/> for every genotype of the typed parent at once (row[g]), in the same arithmetic: a
    /// scan query's table of a locus without a delegate call per entry.
    /// </summary>
    public void OneParentRow(Sex parentSex, int candidate, Span<double> row)
    {
        var other = parentSex == Sex.Male ? Sex.Female : Sex.Male;
        int a = _model.First[candidate], b = _model.Second[candidate], n = _model.N;
        var t = _model.Transmission[(int)parentSex];
        double qa = Q(other, a), qb = Q(other, b), hw = Hw(candidate);
        for (var g = 0; g < row.Length; g++)
        {
            row[g] = (a == b ? t[(g * n) + a] * qa : (t[(g * n) + a] * qb) + (t[(g * n) + b] * qa)) / hw;
        }
    }

    public double BothParents(int father, int mother, int candidate) =>
        Phases(candidate, (x, y) => T(Sex.Male, father, x) * T(Sex.Female, mother, y)) / Hw(candidate);

    public double FullSibling(int sibling, int candidate)
    {
        var h1 = Phases(candidate, (cf, cm) => Phases(sibling, (sf, sm) => Moment(Sex.Male, cf, sf) * Moment(Sex.Female, cm, sm)));
        var sibling2 = Phases(sibling, (sf, sm) => Q(Sex.Male, sf) * Q(Sex.Female, sm));
        return h1 / (sibling2 * Hw(candidate));
    }

    /// <summary>A half sibling through F (paternal) or Mo (maternal); the half sibling's other parent is an untyped founder.</summary>
    public double HalfSibling(Sex sharedParent, int halfSibling, int candidate)
    {
        var other = sharedParent == Sex.Male ? Sex.Female : Sex.Male;

        // Phase sums are symmetric, so either parent may come first: cs and hs are the shared parent's alleles.
        var h1 = Phases(candidate, (cs, co) => Phases(halfSibling, (hs, ho) => Moment(sharedParent, cs, hs) * Q(other, co) * Q(other, ho)));
        var h2 = Phases(halfSibling, (hs, ho) => Q(sharedParent, hs) * Q(other, ho)) * Hw(candidate);
        return h1 / h2;
    }

    /// <summary>One grandparent typed; its partner, F or Mo on that side, and MP's other parent untyped.</summary>
    public double Grandparent(Sex side, Sex grandparentSex, int grandparent, int candidate)
    {
        var n = _model.N;
        var partnerSex = grandparentSex == Sex.Male ? Sex.Female : Sex.Male;
        var other = side == Sex.Male ? Sex.Female : Sex.Male;

        // The parent on that side got one allele from the grandparent and one from the grandparent's partner,
        // and passes either to MP with that parent's own mutation.
        var passed = new double[n];
        for (var x = 0; x < n; x++)
        {
            var reaching = 0.5 * (T(grandparentSex, grandparent, x) + Q(partnerSex, x));
            for (var c = 0; c < n; c++)
            {
                passed[c] += reaching * _model.Mutation(side, x, c);
            }
        }

        return Phases(candidate, (x, y) => passed[x] * Q(other, y)) / Hw(candidate);
    }

    /// <summary>One uncle or aunt typed on F's (male) or Mo's (female) side; grandparents, that parent and MP's other parent untyped.</summary>
    public double UncleOrAunt(Sex side, int uncle, int candidate)
    {
        var n = _model.N;
        var other = side == Sex.Male ? Sex.Female : Sex.Male;
        var w = _grandchildMoment[(int)side];
        double W(Sex grandparent, int u, int c) => w[((int)grandparent * n * n) + (u * n) + c];

        // The uncle took uA from the grandfather and uB from the grandmother; the parent passes to MP an allele
        // from the grandfather (shared with the uncle's uA through Q) or from the grandmother, each half the time.
        double Through(int parentAllele) => Phases(uncle, (ua, ub) =>
            0.5 * ((W(Sex.Male, ua, parentAllele) * Q(Sex.Female, ub)) + (Q(Sex.Male, ua) * W(Sex.Female, ub, parentAllele))));
        var h1 = Phases(candidate, (x, y) => Through(x) * Q(other, y));
        var h2 = Phases(uncle, (ua, ub) => Q(Sex.Male, ua) * Q(Sex.Female, ub)) * Hw(candidate);
        return h1 / h2;
    }
}
