using System.Numerics;

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
    private double[] _vector = [];
    private double[] _weights = [];
    private int[] _phaseA = new int[64];
    private int[] _phaseB = new int[64];

    /// <summary>Fills <paramref name="v"/> (length G) with P(data, MP = g).</summary>
    public void Peel(LocusModel model, TemplateLocus pedigree, FounderPriors priors, Span<double> v)
    {
        Ensure(model);
        if (pedigree.Core)
        {
            Parents(model, pedigree, priors);
            Sibship(model, _father.AsSpan(0, model.G), Sex.Male, _mother.AsSpan(0, model.G), Sex.Female, pedigree.FullSiblings, v);
        }
        else
        {
            priors.MissingPerson.AsSpan(0, model.G).CopyTo(v);
        }

        for (var c = 0; c < pedigree.Children.Count; c++)
        {
            var (x, y) = pedigree.Children[c];
            OneChild(model, pedigree.MissingPersonSex, x, y, priors.ChildPartners[c], v);
        }
    }

    /// <summary>
    /// V(candidate) and ΣV, which is all one candidate's LR needs. Without references among MP's children the last
    /// sibship need not build MP's genotype vector: per phase V(c) takes u_F and u_Mo at c's two alleles only, and
    /// ΣV = Σu_F · Σu_Mo (mutation rows sum to 1), so no n×n product or outer product is formed.
    /// </summary>
    public double PeelCandidate(LocusModel model, TemplateLocus pedigree, FounderPriors priors, int candidate, out double total)
    {
        Ensure(model);
        if (!pedigree.Core || pedigree.Children.Count > 0)
        {
            var v = _vector.AsSpan(0, model.G);
            Peel(model, pedigree, priors, v);
            total = 0;
            foreach (var x in v)
            {
                total += x;
            }

            return v[candidate];
        }

        Parents(model, pedigree, priors);
        return SibshipAt(model, pedigree.FullSiblings, model.First[candidate], model.Second[candidate], out total);
    }

    private void Parents(LocusModel model, TemplateLocus pedigree, FounderPriors priors)
    {
        var father = _father.AsSpan(0, model.G);
        var mother = _mother.AsSpan(0, model.G);
        Parent(model, pedigree.PaternalTop, priors.Father, priors.PaternalGrandfather, priors.PaternalGrandmother,
            pedigree.PaternalUnclesAndAunts, pedigree.Father, father);
        HalfSiblings(model, Sex.Male, pedigree.PaternalHalfSiblings, priors.PaternalHalfSiblingPartners, father);
        Parent(model, pedigree.MaternalTop, priors.Mother, priors.MaternalGrandfather, priors.MaternalGrandmother,
            pedigree.MaternalUnclesAndAunts, pedigree.Mother, mother);
        HalfSiblings(model, Sex.Female, pedigree.MaternalHalfSiblings, priors.MaternalHalfSiblingPartners, mother);
    }

    /// <summary>The core sibship evaluated at one genotype {c1, c2} of MP, with the total over all of MP's genotypes.</summary>
    private double SibshipAt(LocusModel model, List<(int A, int B)> children, int c1, int c2, out double total)
    {
        var k = SetUpPhases(children, out var phases);
        var father = _father.AsSpan(0, model.G);
        var mother = _mother.AsSpan(0, model.G);
        var value = 0.0;
        total = 0;
        for (var phase = 0; phase < phases; phase++)
        {
            SetPhase(children, phase);
            if (!AlleleWeights(model, father, Sex.Male, _phaseA.AsSpan(0, k), _sA, out var sumF)
                || !AlleleWeights(model, mother, Sex.Female, _phaseB.AsSpan(0, k), _sB, out var sumMo))
            {
                continue;
            }

            total += sumF * sumMo;
            double f1 = At(model, Sex.Male, _sA, c1), mo1 = At(model, Sex.Female, _sB, c1);
            if (c1 == c2)
            {
                value += f1 * mo1;
            }
            else
            {
                value += (f1 * At(model, Sex.Female, _sB, c2)) + (At(model, Sex.Male, _sA, c2) * mo1);
            }
        }

        return value;
    }

    /// <summary>(Mᵀs)[c]: the weight of the parent passing allele c.</summary>
    private static double At(LocusModel model, Sex sex, double[] s, int c)
    {
        var m = model.Matrix[(int)sex];
        if (m is null)
        {
            return s[c];
        }

        var n = model.N;
        var sum = 0.0;
        for (var a = 0; a < n; a++)
        {
            sum += s[a] * m[(a * n) + c];
        }

        return sum;
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
        var k = SetUpPhases(children, out var phases);
        for (var phase = 0; phase < phases; phase++)
        {
            SetPhase(children, phase);
            if (!AlleleWeights(model, parentA, sexA, _phaseA.AsSpan(0, k), _sA, out _)
                || !AlleleWeights(model, parentB, sexB, _phaseB.AsSpan(0, k), _sB, out _))
            {
                continue;
            }

            Passed(model, sexA, _sA, _uA);
            Passed(model, sexB, _sB, _uB);
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

    /// <summary>How many typed children, and how many phase assignments (two per heterozygous child).</summary>
    private int SetUpPhases(List<(int A, int B)> children, out int phases)
    {
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

        phases = 1 << heterozygous;
        return k;
    }

    /// <summary>Which allele each typed child took from the first and from the second parent in this phase.</summary>
    private void SetPhase(List<(int A, int B)> children, int phase)
    {
        var bit = 0;
        for (var c = 0; c < children.Count; c++)
        {
            var (x, y) = children[c];
            var swap = x != y && ((phase >> bit++) & 1) == 1;
            _phaseA[c] = swap ? y : x;
            _phaseB[c] = swap ? x : y;
        }
    }

    /// <summary>
    /// s(a) = Σ_g parent(g)·Π_k t(g, x_k)·[a ∈ g]/2: the weight of each of the parent's own alleles being the one it
    /// passes to one more child, given it passed x_k to each typed child; the passed allele is then Mᵀs. False when
    /// the weight is zero. Genotypes are numbered row by row ({0..j, j} for j = 0, 1, …), so both steps run along
    /// contiguous spans.
    /// </summary>
    private bool AlleleWeights(LocusModel model, ReadOnlySpan<double> parent, Sex sex, ReadOnlySpan<int> passed,
        double[] alleleWeights, out double total)
    {
        var n = model.N;
        var g = model.G;
        var w = _weights.AsSpan(0, g);
        parent[..g].CopyTo(w);
        var byAllele = model.TransmissionByAllele[(int)sex];
        foreach (var x in passed)
        {
            Multiply(w, byAllele.AsSpan(x * g, g));
        }

        var s = alleleWeights.AsSpan(0, n);
        s.Clear();
        total = 0;
        for (var j = 0; j < n; j++)
        {
            var row = w.Slice(j * (j + 1) / 2, j + 1);
            var rowTotal = Sum(row);
            total += rowTotal;
            s[j] += 0.5 * (rowTotal + row[j]);
            AddHalf(s[..j], row[..j]);
        }

        return total != 0;
    }

    private static void Multiply(Span<double> target, ReadOnlySpan<double> factor)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<double>.Count;
            for (; i + width <= target.Length; i += width)
            {
                (new Vector<double>(target[i..]) * new Vector<double>(factor[i..])).CopyTo(target[i..]);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] *= factor[i];
        }
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        var i = 0;
        var total = 0.0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<double>.Count)
        {
            var width = Vector<double>.Count;
            var acc = Vector<double>.Zero;
            for (; i + width <= values.Length; i += width)
            {
                acc += new Vector<double>(values[i..]);
            }

            total = Vector.Sum(acc);
        }

        for (; i < values.Length; i++)
        {
            total += values[i];
        }

        return total;
    }

    private static void AddHalf(Span<double> target, ReadOnlySpan<double> values)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<double>.Count;
            var half = new Vector<double>(0.5);
            for (; i + width <= target.Length; i += width)
            {
                (new Vector<double>(target[i..]) + (half * new Vector<double>(values[i..]))).CopyTo(target[i..]);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] += 0.5 * values[i];
        }
    }

    /// <summary>u = Mᵀs, the distribution of the allele passed to one more child.</summary>
    private static void Passed(LocusModel model, Sex sex, double[] s, double[] u)
    {
        var n = model.N;
        var m = model.Matrix[(int)sex];
        var result = u.AsSpan(0, n);
        if (m is null)
        {
            s.AsSpan(0, n).CopyTo(result);
            return;
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
    }

    private void Ensure(LocusModel model)
    {
        if (_father.Length < model.G)
        {
            _father = new double[model.G];
            _mother = new double[model.G];
            _vector = new double[model.G];
            _weights = new double[model.G];
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
