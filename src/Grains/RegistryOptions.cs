namespace Matching.Grains;

/// <summary>How the registry searches: what it reports, how it partitions, and how it recovers lost searches.</summary>
public sealed class RegistryOptions
{
    /// <summary>Matches are reported from this LR up (LR ≥ 1,000 by default).</summary>
    public double ReportingThreshold { get; set; } = 1000;

    /// <summary>A profile with fewer typed loci of the frequency table is refused (default 12).</summary>
    public int MinimumLoci { get; set; } = Registry.Formats.ProfileRules.DefaultMinimumLoci;

    /// <summary>Buckets per side; a search asks every bucket of the other side.</summary>
    public int Buckets { get; set; } = 8;

    /// <summary>Locus bucket pruning: a search scores only members whose anchor alleles it can share (default on).</summary>
    public bool Pruning { get; set; } = true;

    /// <summary>The anchor loci of the locus bucket keys.</summary>
    public IReadOnlyList<string> AnchorLoci { get; set; } = ["FGA", "D18S51"];

    /// <summary>Allele classes per anchor locus.</summary>
    public int AnchorClasses { get; set; } = 6;

    /// <summary>The mutation window at the anchor loci, in repeats: a larger step at an anchor is the pruning's residual.</summary>
    public double MutationWindow { get; set; } = 1;

    /// <summary>How often the sweep looks for pending searches nobody is finishing.</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A pending search that has not moved for this long is started again by the sweep.</summary>
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromSeconds(30);
}
