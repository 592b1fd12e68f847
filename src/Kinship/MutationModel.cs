namespace Matching.Kinship;

/// <summary>How an allele may change in one meiosis; rates may differ by the transmitting parent's sex.</summary>
public sealed record MutationModel(MutationKind Kind, double MaleRate, double FemaleRate, double Range = 0.1, double Rate2 = 1e-6)
{
    public static MutationModel None { get; } = new(MutationKind.None, 0, 0);

    /// <summary>The registry's default: stepwise at 0.002 per meiosis; without one a true parent who carries a mutation is excluded.</summary>
    public static MutationModel RegistryDefault { get; } = new(MutationKind.Stepwise, 0.002, 0.002);

    public double RateFor(Sex sex) => sex == Sex.Male ? MaleRate : FemaleRate;

    /// <summary>True when the transmission matrix is the identity for both sexes.</summary>
    public bool IsTrivial => Kind == MutationKind.None || (MaleRate == 0 && FemaleRate == 0 && (Kind != MutationKind.Stepwise || Rate2 == 0));

    /// <summary>Equal and proportional models keep unobserved alleles exchangeable, so they may be lumped into one.</summary>
    public bool IsLumpable => Kind is MutationKind.None or MutationKind.Equal or MutationKind.Proportional;

    /// <summary>Checks the parameters; the message names the field.</summary>
    public string? Problem()
    {
        if (Kind == MutationKind.None)
        {
            return null;
        }

        foreach (var (name, value) in new[] { ("maleRate", MaleRate), ("femaleRate", FemaleRate) })
        {
            if (!double.IsFinite(value) || value < 0 || value > 1)
            {
                return $"mutation.{name}: {value} is not a rate between 0 and 1";
            }
        }

        if (Kind == MutationKind.Stepwise)
        {
            if (!double.IsFinite(Range) || Range <= 0)
            {
                return $"mutation.range: {Range} must be a positive number";
            }

            if (!double.IsFinite(Rate2) || Rate2 < 0 || Math.Max(MaleRate, FemaleRate) + Rate2 > 1)
            {
                return $"mutation.rate2: {Rate2} must be non-negative with rate + rate2 at most 1";
            }
        }

        return null;
    }

    /// <summary>The row-major n×n matrix P(parent allele → transmitted allele) over the locus' alleles.</summary>
    public double[] Matrix(LocusFrequencies locus, Sex sex)
    {
        var n = locus.Alleles.Count;
        var rate = RateFor(sex);
        var m = new double[n * n];
        if (n == 1 || IsTrivial)
        {
            for (var i = 0; i < n; i++)
            {
                m[(i * n) + i] = 1;
            }

            return m;
        }

        switch (Kind)
        {
            case MutationKind.Equal:
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        m[(i * n) + j] = i == j ? 1 - rate : rate / (n - 1);
                    }
                }

                break;
            case MutationKind.Proportional:
                var p = locus.Frequencies;
                var heterozygosity = 0.0;
                for (var i = 0; i < n; i++)
                {
                    heterozygosity += p[i] * (1 - p[i]);
                }

                var alpha = rate / heterozygosity;
                if (alpha > 1)
                {
                    throw new FrequencyTableException($"locus {locus.Locus}: the proportional model at rate {rate} is impossible for these frequencies");
                }

                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < n; j++)
                    {
                        m[(i * n) + j] = (alpha * p[j]) + (i == j ? 1 - alpha : 0);
                    }
                }

                break;
            case MutationKind.Stepwise:
                FillStepwise(locus.Alleles, rate, m);
                break;
            default:
                throw new InvalidOperationException($"mutation model {Kind}");
        }

        return m;
    }

    private void FillStepwise(IReadOnlyList<string> alleles, double rate, double[] m)
    {
        var n = alleles.Count;
        var repeats = new double[n];
        var group = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (AlleleLabel.TryRepeats(alleles[i], out var r))
            {
                repeats[i] = r;

                // The microvariant group is the tenths digit, taken in decimal: in binary 32.2 − 32 and 31.2 − 31 differ.
                var exact = decimal.Parse(alleles[i], System.Globalization.CultureInfo.InvariantCulture);
                group[i] = (double)((exact - decimal.Round(exact, MidpointRounding.ToEven)) * 10);
            }
            else
            {
                // A named allele (off-ladder) has no repeat number: it forms a group of its own.
                repeats[i] = double.NaN;
                group[i] = 1000 + i;
            }
        }

        for (var i = 0; i < n; i++)
        {
            var sameGroup = 0;
            for (var j = 0; j < n; j++)
            {
                if (group[j] == group[i])
                {
                    sameGroup++;
                }
            }

            var stepTotal = 0.0;
            for (var j = 0; j < n; j++)
            {
                if (i == j)
                {
                    m[(i * n) + j] = sameGroup == n ? 1 - rate : sameGroup == 1 ? 1 - Rate2 : 1 - rate - Rate2;
                }
                else if (group[j] == group[i])
                {
                    var weight = Math.Pow(Range, Math.Abs(repeats[i] - repeats[j]));
                    m[(i * n) + j] = weight;
                    stepTotal += weight;
                }
                else
                {
                    m[(i * n) + j] = Rate2 / (n - sameGroup);
                }
            }

            if (stepTotal > 0)
            {
                for (var j = 0; j < n; j++)
                {
                    if (j != i && group[j] == group[i])
                    {
                        m[(i * n) + j] = m[(i * n) + j] / stepTotal * rate;
                    }
                }
            }
        }
    }
}
