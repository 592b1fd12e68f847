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
    private double[] _subsets = [];
    private double[] _fatherWeights = [];
    private double[] _motherWeights = [];

    // Past this many typed children of one untyped founder, the 2^K allele expansion costs more than the genotype sum.
    private const int MaxExpandedChildren = 6;
    private int[] _phaseA = new int[64];
    private int[] _phaseB = new int[64];

    /// <summary>Fills <paramref name="v"/> (length G) with P(data, MP = g).</summary>
    public void Peel(LocusModel model, TemplateLocus pedigree, FounderPriors priors, Span<double> v)
    {
        Ensure(model);
        if (pedigree.Core)
        {
            var (fatherHw, motherHw) = Parents(model, pedigree, priors);
            Sibship(model, _father.AsSpan(0, model.G), Sex.Male, fatherHw, pedigree.Father, _mother.AsSpan(0, model.G), Sex.Female, motherHw, pedigree.Mother,
                pedigree.FullSiblings, v);
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

        int c1 = model.First[candidate], c2 = model.Second[candidate];
        if (pedigree.FullSiblings.Count == 0)
        {
            // MP is F's and Mo's only child here: each parent enters through the alleles it may pass, nothing more.
            var fatherTotal = SideWeights(model, Sex.Male, pedigree, priors, _fatherWeights);
            var motherTotal = SideWeights(model, Sex.Female, pedigree, priors, _motherWeights);
            total = fatherTotal * motherTotal;
            double f1 = At(model, Sex.Male, _fatherWeights, c1), mo1 = At(model, Sex.Female, _motherWeights, c1);
            return c1 == c2 ? f1 * mo1 : (f1 * At(model, Sex.Female, _motherWeights, c2)) + (At(model, Sex.Male, _fatherWeights, c2) * mo1);
        }

        var (fatherHw, motherHw) = Parents(model, pedigree, priors);
        return SibshipAt(model, pedigree, fatherHw, motherHw, c1, c2, out total);
    }

    /// <summary>
    /// The allele weights s of F (side Male) or Mo (Female), when MP is that parent's only child in the core sibship.
    /// An untyped parent with grandparents and no half-siblings takes them straight from the grandparents:
    /// s = ½(u_A·Σu_B + Σu_A·u_B) per phase of the uncles and aunts, so the parent's genotype vector is never built.
    /// </summary>
    private double SideWeights(LocusModel model, Sex side, TemplateLocus pedigree, FounderPriors priors, double[] weights)
    {
        var paternal = side == Sex.Male;
        var hasTop = paternal ? pedigree.PaternalTop : pedigree.MaternalTop;
        var typed = paternal ? pedigree.Father : pedigree.Mother;
        var halfSiblings = paternal ? pedigree.PaternalHalfSiblings : pedigree.MaternalHalfSiblings;
        var hw = priors.HardyWeinberg;
        if (hasTop && typed == TemplateLocus.Untyped && halfSiblings.Count == 0)
        {
            var grandfather = paternal ? priors.PaternalGrandfather : priors.MaternalGrandfather;
            var grandmother = paternal ? priors.PaternalGrandmother : priors.MaternalGrandmother;
            var children = paternal ? pedigree.PaternalUnclesAndAunts : pedigree.MaternalUnclesAndAunts;
            var n = model.N;
            var s = weights.AsSpan(0, n);
            s.Clear();
            var k = SetUpPhases(children, out var phases);
            var total = 0.0;
            for (var phase = 0; phase < phases; phase++)
            {
                SetPhase(children, phase);
                if (!AlleleWeights(model, grandfather, Sex.Male, hw[paternal ? 2 : 4], paternal ? pedigree.PaternalGrandfather : pedigree.MaternalGrandfather, _phaseA.AsSpan(0, k), _sA, out var fromGrandfather)
                    || !AlleleWeights(model, grandmother, Sex.Female, hw[paternal ? 3 : 5], paternal ? pedigree.PaternalGrandmother : pedigree.MaternalGrandmother, _phaseB.AsSpan(0, k), _sB, out var fromGrandmother))
                {
                    continue;
                }

                Passed(model, Sex.Male, _sA, _uA);
                Passed(model, Sex.Female, _sB, _uB);
                total += fromGrandfather * fromGrandmother;
                for (var a = 0; a < n; a++)
                {
                    s[a] += 0.5 * ((_uA[a] * fromGrandmother) + (fromGrandfather * _uB[a]));
                }
            }

            return total;
        }

        if (!hasTop && typed == TemplateLocus.Untyped && halfSiblings.Count == 0 && hw[paternal ? 0 : 1])
        {
            HardyWeinbergWeights(model, side, [], weights, out var founderTotal);
            return founderTotal;
        }

        var parent = (paternal ? _father : _mother).AsSpan(0, model.G);
        var isHw = Parent(model, pedigree, priors, side, parent);
        AlleleWeights(model, parent, side, isHw, typed, [], weights, out var parentTotal);
        return parentTotal;
    }

    private (bool FatherHw, bool MotherHw) Parents(LocusModel model, TemplateLocus pedigree, FounderPriors priors) =>
        (Parent(model, pedigree, priors, Sex.Male, _father.AsSpan(0, model.G)),
         Parent(model, pedigree, priors, Sex.Female, _mother.AsSpan(0, model.G)));

    /// <summary>
    /// F's (side Male) or Mo's genotype vector: its founder prior, or the child of the grandparents' sibship; then its
    /// half-siblings. True when the result is exactly the Hardy–Weinberg prior.
    /// </summary>
    private bool Parent(LocusModel model, TemplateLocus pedigree, FounderPriors priors, Sex side, Span<double> result)
    {
        var paternal = side == Sex.Male;
        var hw = priors.HardyWeinberg;
        var g = model.G;
        var typed = paternal ? pedigree.Father : pedigree.Mother;
        var halfSiblings = paternal ? pedigree.PaternalHalfSiblings : pedigree.MaternalHalfSiblings;
        bool isHw;
        if (paternal ? pedigree.PaternalTop : pedigree.MaternalTop)
        {
            var grandfather = paternal ? priors.PaternalGrandfather : priors.MaternalGrandfather;
            var grandmother = paternal ? priors.PaternalGrandmother : priors.MaternalGrandmother;
            Sibship(model, grandfather.AsSpan(0, g), Sex.Male, hw[paternal ? 2 : 4], paternal ? pedigree.PaternalGrandfather : pedigree.MaternalGrandfather,
                grandmother.AsSpan(0, g), Sex.Female, hw[paternal ? 3 : 5], paternal ? pedigree.PaternalGrandmother : pedigree.MaternalGrandmother,
                paternal ? pedigree.PaternalUnclesAndAunts : pedigree.MaternalUnclesAndAunts, result);
            if (typed != TemplateLocus.Untyped)
            {
                var keep = result[typed];
                result.Clear();
                result[typed] = keep;
            }

            isHw = false;
        }
        else
        {
            // A Hardy–Weinberg founder's vector is the model's own; it is copied only where half-siblings reshape it.
            isHw = hw[paternal ? 0 : 1];
            if (!isHw || halfSiblings.Count > 0)
            {
                (isHw ? model.HardyWeinberg : paternal ? priors.Father : priors.Mother).AsSpan(0, g).CopyTo(result);
            }
        }

        HalfSiblings(model, side, halfSiblings, paternal ? priors.PaternalHalfSiblingPartners : priors.MaternalHalfSiblingPartners, result);
        return isHw && halfSiblings.Count == 0;
    }

    /// <summary>The core sibship evaluated at one genotype {c1, c2} of MP, with the total over all of MP's genotypes.</summary>
    private double SibshipAt(LocusModel model, TemplateLocus pedigree, bool fatherHw, bool motherHw, int c1, int c2, out double total)
    {
        var children = pedigree.FullSiblings;
        var k = SetUpPhases(children, out var phases);
        var father = _father.AsSpan(0, model.G);
        var mother = _mother.AsSpan(0, model.G);
        var value = 0.0;
        total = 0;
        for (var phase = 0; phase < phases; phase++)
        {
            SetPhase(children, phase);
            if (!AlleleWeights(model, father, Sex.Male, fatherHw, pedigree.Father, _phaseA.AsSpan(0, k), _sA, out var sumF)
                || !AlleleWeights(model, mother, Sex.Female, motherHw, pedigree.Mother, _phaseB.AsSpan(0, k), _sB, out var sumMo))
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
        var columns = model.Columns[(int)sex];
        if (columns is null)
        {
            return s[c];
        }

        var n = model.N;
        var column = columns.AsSpan(c * n, n);
        var sum = 0.0;
        for (var a = 0; a < n; a++)
        {
            sum += s[a] * column[a];
        }

        return sum;
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
    private void Sibship(LocusModel model, ReadOnlySpan<double> parentA, Sex sexA, bool hwA, int typedA,
        ReadOnlySpan<double> parentB, Sex sexB, bool hwB, int typedB, List<(int A, int B)> children, Span<double> result)
    {
        var n = model.N;
        var pairs = _pairs.AsSpan(0, n * n);
        pairs.Clear();
        var k = SetUpPhases(children, out var phases);
        for (var phase = 0; phase < phases; phase++)
        {
            SetPhase(children, phase);
            if (!AlleleWeights(model, parentA, sexA, hwA, typedA, _phaseA.AsSpan(0, k), _sA, out _)
                || !AlleleWeights(model, parentB, sexB, hwB, typedB, _phaseB.AsSpan(0, k), _sB, out _))
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
    private bool AlleleWeights(LocusModel model, ReadOnlySpan<double> parent, Sex sex, bool hardyWeinberg, int typed, ReadOnlySpan<int> passed,
        double[] alleleWeights, out double total)
    {
        if (hardyWeinberg && passed.Length <= MaxExpandedChildren)
        {
            return HardyWeinbergWeights(model, sex, passed, alleleWeights, out total);
        }

        var n = model.N;
        if (typed != TemplateLocus.Untyped)
        {
            // A typed person's vector is zero but at its genotype.
            var only = parent[typed];
            foreach (var x in passed)
            {
                only *= model.Transmission[(int)sex][(typed * n) + x];
            }

            alleleWeights.AsSpan(0, n).Clear();
            alleleWeights[model.First[typed]] += 0.5 * only;
            alleleWeights[model.Second[typed]] += 0.5 * only;
            total = only;
            return total != 0;
        }

        var g = model.G;
        var w = _weights.AsSpan(0, g);
        (hardyWeinberg ? model.HardyWeinberg : parent)[..g].CopyTo(w);
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

    /// <summary>
    /// AlleleWeights for an untyped Hardy–Weinberg parent, over its two alleles a, b instead of its genotypes:
    /// s(a) = p_a·Σ_b p_b·Π_k ½(M[a,x_k] + M[b,x_k]) = 2^−K·p_a·Σ_S m_a(S)·F(K∖S), with m_a(S) = Π_{k∈S} M[a,x_k]
    /// and F(T) = Σ_b p_b·m_b(T). O(2^K·n) rather than O(G·K).
    /// </summary>
    private bool HardyWeinbergWeights(LocusModel model, Sex sex, ReadOnlySpan<int> passed, double[] alleleWeights, out double total)
    {
        var n = model.N;
        var k = passed.Length;
        var s0 = alleleWeights.AsSpan(0, n);
        if (k <= 1)
        {
            // No typed child: s = p. One, passed x: s(a) = ½·p_a·(M[a,x] + q(x)), q = pᵀM.
            total = 0;
            var x = k == 1 ? passed[0] : -1;
            var column = x < 0 ? null : model.Columns[(int)sex];
            var q = x < 0 ? 1 : model.FounderTransmission[(int)sex][x];
            for (var a = 0; a < n; a++)
            {
                var own = x < 0 ? 1 : column is null ? (a == x ? 1 : 0) : column[(x * n) + a];
                s0[a] = x < 0 ? model.P[a] : 0.5 * model.P[a] * (own + q);
                total += s0[a];
            }

            return total != 0;
        }

        if (k == 2 && model.Columns[(int)sex] is { } pair)
        {
            // Two typed children, the common sibship: s(a) = ¼·p_a·(A₁A₂ + A₁q₂ + A₂q₁ + Σ_b p_b·B₁B₂).
            var first = pair.AsSpan(passed[0] * n, n);
            var second = pair.AsSpan(passed[1] * n, n);
            var q = model.FounderTransmission[(int)sex];
            double q1 = q[passed[0]], q2 = q[passed[1]], both = 0;
            for (var a = 0; a < n; a++)
            {
                both += model.P[a] * first[a] * second[a];
            }

            total = 0;
            for (var a = 0; a < n; a++)
            {
                s0[a] = 0.25 * model.P[a] * ((first[a] * second[a]) + (first[a] * q2) + (second[a] * q1) + both);
                total += s0[a];
            }

            return total != 0;
        }

        var subsets = 1 << k;
        var all = subsets - 1;
        if (_subsets.Length < subsets * n)
        {
            _subsets = new double[subsets * n];
        }

        // Pass 1: the per-allele products m_a(S) for every subset S of the passed alleles, and F(S) = Σ_a p_a·m_a(S).
        var columns = model.Columns[(int)sex];
        var products = _subsets.AsSpan(0, subsets * n);
        Span<double> founder = stackalloc double[subsets];
        founder.Clear();
        for (var a = 0; a < n; a++)
        {
            var row = products.Slice(a * subsets, subsets);
            var pa = model.P[a];
            row[0] = 1;
            founder[0] += pa;
            for (var set = 1; set < subsets; set++)
            {
                var x = passed[System.Numerics.BitOperations.TrailingZeroCount(set)];
                var m = columns is null ? (a == x ? 1.0 : 0.0) : columns[(x * n) + a];
                row[set] = row[set & (set - 1)] * m;
                founder[set] += pa * row[set];
            }
        }

        // Pass 2: s(a) = 2^−K·p_a·Σ_S m_a(S)·F(K∖S).
        var scale = Math.ScaleB(1.0, -k);
        total = 0;
        for (var a = 0; a < n; a++)
        {
            var row = products.Slice(a * subsets, subsets);
            var sum = 0.0;
            for (var set = 0; set < subsets; set++)
            {
                sum += row[set] * founder[all & ~set];
            }

            s0[a] = scale * model.P[a] * sum;
            total += s0[a];
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
            _fatherWeights = new double[model.N];
            _motherWeights = new double[model.N];
            _pairs = new double[model.N * model.N];
        }
    }
}
