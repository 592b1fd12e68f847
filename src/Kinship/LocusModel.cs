namespace Matching.Kinship;

/// <summary>
/// Everything one locus needs for peeling, computed once per frequency table and mutation model:
/// the mutation matrices, each genotype's transmission vector, and Hardy–Weinberg genotype probabilities.
/// </summary>
internal sealed class LocusModel
{
    private ClosedForms? _forms;
    private double[]? _codeWeights;

    public LocusModel(LocusFrequencies frequencies, MutationModel mutation)
        : this(frequencies, frequencies.Frequencies.ToArray(), mutation.IsTrivial ? null : mutation.Matrix(frequencies, Sex.Male),
            mutation.IsTrivial ? null : mutation.Matrix(frequencies, Sex.Female))
    {
    }

    /// <summary>A model over explicit frequencies and matrices (null = no mutation), as lumping builds.</summary>
    public LocusModel(LocusFrequencies? source, double[] p, double[]? maleMatrix, double[]? femaleMatrix)
    {
        Source = source;
        N = p.Length;
        G = GenotypeIndex.Count(N);
        P = p;
        First = new int[G];
        Second = new int[G];
        HardyWeinberg = new double[G];
        for (var j = 0; j < N; j++)
        {
            for (var i = 0; i <= j; i++)
            {
                var g = GenotypeIndex.Of(i, j);
                First[g] = i;
                Second[g] = j;
                HardyWeinberg[g] = i == j ? p[i] * p[i] : 2 * p[i] * p[j];
            }
        }

        Matrix = [maleMatrix, femaleMatrix];
        Columns = [TransposeSquare(maleMatrix), TransposeSquare(femaleMatrix)];
        Transmission = [BuildTransmission(maleMatrix), BuildTransmission(femaleMatrix)];
        TransmissionByAllele = [Transpose(Transmission[0]), Transpose(Transmission[1])];
        FounderTransmission = [FounderVector(maleMatrix), FounderVector(femaleMatrix)];
    }

    public LocusFrequencies? Source { get; }

    public int N { get; }

    public int G { get; }

    public double[] P { get; }

    public int[] First { get; }

    public int[] Second { get; }

    public double[] HardyWeinberg { get; }

    /// <summary>Row-major n×n mutation matrix per sex (index by (int)Sex); null means identity.</summary>
    public double[]?[] Matrix { get; }

    /// <summary>Per sex, the mutation matrix column by column (Columns[x·n + a] = M[a, x]); null means identity.</summary>
    public double[]?[] Columns { get; }

    /// <summary>Per sex, row-major G×n: P(transmitted allele x | parent genotype g) = ½(M[g₁,x] + M[g₂,x]).</summary>
    public double[][] Transmission { get; }

    /// <summary>Per sex, row-major n×G: the same table allele by allele, so a product over passed alleles runs along g.</summary>
    public double[][] TransmissionByAllele { get; }

    /// <summary>Per sex: the allele an untyped Hardy–Weinberg founder transmits, pᵀM.</summary>
    public double[][] FounderTransmission { get; }

    /// <summary>The closed forms over this model, built once: their moments cost O(n³) and every scan query needs them.</summary>
    internal ClosedForms Forms => _forms ??= new ClosedForms(this);

    /// <summary>How often an unrelated member holds each scan code (untyped weighs nothing), shared by every query of the locus.</summary>
    internal double[] CodeWeights => _codeWeights ??= [0, .. HardyWeinberg];

    public double Mutation(Sex sex, int from, int to)
    {
        var m = Matrix[(int)sex];
        return m is null ? (from == to ? 1 : 0) : m[(from * N) + to];
    }

    private double[] BuildTransmission(double[]? m)
    {
        var t = new double[G * N];
        for (var g = 0; g < G; g++)
        {
            int a = First[g], b = Second[g];
            var row = t.AsSpan(g * N, N);
            if (m is null)
            {
                row[a] += 0.5;
                row[b] += 0.5;
                continue;
            }

            for (var x = 0; x < N; x++)
            {
                row[x] = 0.5 * (m[(a * N) + x] + m[(b * N) + x]);
            }
        }

        return t;
    }

    private double[]? TransposeSquare(double[]? m)
    {
        if (m is null)
        {
            return null;
        }

        var t = new double[N * N];
        for (var a = 0; a < N; a++)
        {
            for (var x = 0; x < N; x++)
            {
                t[(x * N) + a] = m[(a * N) + x];
            }
        }

        return t;
    }

    private double[] Transpose(double[] t)
    {
        var byAllele = new double[N * G];
        for (var g = 0; g < G; g++)
        {
            for (var x = 0; x < N; x++)
            {
                byAllele[(x * G) + g] = t[(g * N) + x];
            }
        }

        return byAllele;
    }

    private double[] FounderVector(double[]? m)
    {
        if (m is null)
        {
            return (double[])P.Clone();
        }

        var q = new double[N];
        for (var a = 0; a < N; a++)
        {
            for (var x = 0; x < N; x++)
            {
                q[x] += P[a] * m[(a * N) + x];
            }
        }

        return q;
    }
}
