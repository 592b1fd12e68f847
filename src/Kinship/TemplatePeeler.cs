namespace Matching.Kinship;

/// <summary>
/// Exact likelihood on the case template at one locus, by peeling its nuclear families
/// (Elston–Stewart order: grandparents into F and Mo, half-siblings into their shared parent,
/// F and Mo into MP, MP's children into MP). A sibship with typed children is summed over the
/// children's phases, so each phase is a rank-one term in the parents' transmitted alleles and
/// costs O(G + n²) rather than O(G²). The result is V(g) = P(all reference data, MP has genotype g)
/// for every genotype g of MP, from which both hypotheses follow. One instance reuses its buffers
/// and is not thread-safe.
/// </summary>
internal sealed class TemplatePeeler
{
    private double[] _father = [];
    private double[] _mother = [];
    private double[] _sA = [];
    private double[] _sB = [];
    private double[] _uA = [];
    private double[] _uB = [];
    private double[] _pairs = [];
    private int[] _phaseA = new int[64];
    private int[] _phaseB = new int[64];

    /// <summary>Fills <paramref name="v"/> (length G) with P(data, MP = g).</summary>
    public void Peel(LocusModel model, TemplateLocus pedigree, FounderPriors priors, Span<double> v)
    {
        Ensure(model);
        var g = model.G;
        var mpSex = pedigree.MissingPersonSex;

        if (pedigree.Core)
        {
            var father = _father.AsSpan(0, g);
            var mother = _mother.AsSpan(0, g);
            Parent(model, pedigree.PaternalTop, priors.Father, priors.PaternalGrandfather, priors.PaternalGrandmother,
                pedigree.PaternalUnclesAndAunts, pedigree.Father, father);
            HalfSiblings(model, Sex.Male, pedigree.PaternalHalfSiblings, priors.PaternalHalfSiblingPartners, father);
            Parent(model, pedigree.MaternalTop, priors.Mother, priors.MaternalGrandfather, priors.MaternalGrandmother,
                pedigree.MaternalUnclesAndAunts, pedigree.Mother, mother);
            HalfSiblings(model, Sex.Female, pedigree.MaternalHalfSiblings, priors.MaternalHalfSiblingPartners, mother);
            Sibship(model, father, Sex.Male, mother, Sex.Female, pedigree.FullSiblings, v);
        }
        else
        {
            priors.MissingPerson.AsSpan(0, g).CopyTo(v);
        }

        for (var c = 0; c < pedigree.Children.Count; c++)
        {
            var (x, y) = pedigree.Children[c];
            var partner = priors.ChildPartners[c];
            OneChild(model, mpSex, x, y, partner, v);
        }
    }

    /// <summary>F's (or Mo's) genotype vector: its founder prior, or the child of the grandparents' sibship.</summary>
    private void Parent(LocusModel model, bool hasTop, double[] founderPrior, double[] grandfather, double[] grandmother,
        List<(int A, int B)> unclesAndAunts, int typed, Span<double> result)
    {
        var g = model.G;
        if (hasTop)
        {
            Sibship(model, grandfather.AsSpan(0, g), Sex.Male, grandmother.AsSpan(0, g), Sex.Female, unclesAndAunts, result);
            if (typed != TemplateLocus.Untyped)
            {
                var keep = result[typed];
                result.Clear();
                result[typed] = keep;
            }
        }
        else
        {
            founderPrior.AsSpan(0, g).CopyTo(result);
        }
    }

    private static void HalfSiblings(LocusModel model, Sex parentSex, List<(int A, int B)> halfSiblings, List<double[]> partners, Span<double> parent)
    {
        for (var h = 0; h < halfSiblings.Count; h++)
        {
            var (x, y) = halfSiblings[h];
            OneChild(model, parentSex, x, y, partners[h], parent);
        }
    }

    /// <summary>Multiplies a parent's vector by P(child {x,y} | parent g, other parent transmits q).</summary>
    private static void OneChild(LocusModel model, Sex parentSex, int x, int y, double[] q, Span<double> parent)
    {
        var n = model.N;
        var t = model.Transmission[(int)parentSex];
        for (var g = 0; g < model.G; g++)
        {
            if (parent[g] == 0)
            {
                continue;
            }

            var row = g * n;
            parent[g] *= x == y ? t[row + x] * q[x] : (t[row + x] * q[y]) + (t[row + y] * q[x]);
        }
    }

    /// <summary>
    /// result(g) = Σ over parent genotypes of A(gA)·B(gB)·Π P(typed child | gA, gB)·P(one more child = g | gA, gB).
    /// </summary>
    private void Sibship(LocusModel model, ReadOnlySpan<double> parentA, Sex sexA, ReadOnlySpan<double> parentB, Sex sexB,
        List<(int A, int B)> children, Span<double> result)
    {
        var n = model.N;
        var pairs = _pairs.AsSpan(0, n * n);
        pairs.Clear();
        var k = children.Count;
        if (_phaseA.Length < k)
        {
            _phaseA = new int[k * 2];
            _phaseB = new int[k * 2];
        }

        var heterozygous = 0;
        foreach (var (x, y) in children)
        {
            if (x != y)
            {
                heterozygous++;
            }
        }

        var tA = model.Transmission[(int)sexA];
        var tB = model.Transmission[(int)sexB];
        var phases = 1 << heterozygous;
        for (var phase = 0; phase < phases; phase++)
        {
            var bit = 0;
            for (var c = 0; c < k; c++)
            {
                var (x, y) = children[c];
                var swap = x != y && ((phase >> bit++) & 1) == 1;
                _phaseA[c] = swap ? y : x;
                _phaseB[c] = swap ? x : y;
            }

            if (!Transmitted(model, parentA, tA, _phaseA.AsSpan(0, k), _sA, sexA, _uA)
                || !Transmitted(model, parentB, tB, _phaseB.AsSpan(0, k), _sB, sexB, _uB))
            {
                continue;
            }

            for (var i = 0; i < n; i++)
            {
                var ui = _uA[i];
                if (ui == 0)
                {
                    continue;
                }

                var row = pairs.Slice(i * n, n);
                for (var j = 0; j < n; j++)
                {
                    row[j] += ui * _uB[j];
                }
            }
        }

        for (var g = 0; g < model.G; g++)
        {
            int i = model.First[g], j = model.Second[g];
            result[g] = i == j ? pairs[(i * n) + i] : pairs[(i * n) + j] + pairs[(j * n) + i];
        }
    }

    /// <summary>
    /// u = Σ_g parent(g)·Π_k t(g, x_k)·t(g, ·): the weighted distribution of the allele this parent passes to one
    /// more child, given it passed x_k to each typed child. False when the weight is zero.
    /// </summary>
    private static bool Transmitted(LocusModel model, ReadOnlySpan<double> parent, double[] t, ReadOnlySpan<int> passed,
        double[] alleleWeights, Sex sex, double[] u)
    {
        var n = model.N;
        var s = alleleWeights.AsSpan(0, n);
        s.Clear();
        var any = false;
        for (var g = 0; g < model.G; g++)
        {
            var w = parent[g];
            if (w == 0)
            {
                continue;
            }

            var row = g * n;
            foreach (var x in passed)
            {
                w *= t[row + x];
            }

            if (w == 0)
            {
                continue;
            }

            any = true;
            var half = 0.5 * w;
            s[model.First[g]] += half;
            s[model.Second[g]] += half;
        }

        if (!any)
        {
            return false;
        }

        var m = model.Matrix[(int)sex];
        var result = u.AsSpan(0, n);
        if (m is null)
        {
            s.CopyTo(result);
            return true;
        }

        result.Clear();
        for (var a = 0; a < n; a++)
        {
            var sa = s[a];
            if (sa == 0)
            {
                continue;
            }

            var row = m.AsSpan(a * n, n);
            for (var x = 0; x < n; x++)
            {
                result[x] += sa * row[x];
            }
        }

        return true;
    }

    private void Ensure(LocusModel model)
    {
        if (_father.Length < model.G)
        {
            _father = new double[model.G];
            _mother = new double[model.G];
        }

        if (_sA.Length < model.N)
        {
            _sA = new double[model.N];
            _sB = new double[model.N];
            _uA = new double[model.N];
            _uB = new double[model.N];
            _pairs = new double[model.N * model.N];
        }
    }
}
