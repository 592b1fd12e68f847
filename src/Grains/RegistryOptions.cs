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

    /// <summary>
    /// The loci members are packed at: the registry's kits (by default the 20 CODIS core loci and the three more that
    /// Chinese kits type). Each costs two bytes per member and parent; a profile typed at another locus is scored
    /// on the general path, exactly but slower.
    /// </summary>
    public IReadOnlyList<string> ScanLoci { get; set; } =
    [
        "CSF1PO", "D3S1358", "D5S818", "D7S820", "D8S1179", "D13S317", "D16S539", "D18S51", "D21S11", "FGA",
        "TH01", "TPOX", "vWA", "D1S1656", "D2S441", "D2S1338", "D10S1248", "D12S391", "D19S433", "D22S1045",
        "Penta D", "Penta E", "D6S1043",
    ];

    /// <summary>The anchor loci of the locus bucket keys; by default the first two scan loci of <see cref="Kinship.Scan.AnchorLoci.Preferred"/>.</summary>
    public IReadOnlyList<string>? AnchorLoci { get; set; }

    /// <summary>
    /// Allele classes per anchor locus (4: 121 keys). Finer classes prune more but cut the buckets into small blocks
    /// the kernel scans slower: 7 classes pruned 36 % and searched 30 % slower than 4 (docs/performance.md).
    /// </summary>
    public int AnchorClasses { get; set; } = 4;

    /// <summary>The mutation window at the anchor loci, in repeats: a larger step at an anchor is the pruning's residual.</summary>
    public double MutationWindow { get; set; } = 1;

    /// <summary>Searches a research keeps in flight at once.</summary>
    public int ResearchConcurrency { get; set; } = 8;

    /// <summary>
    /// Searches the pump keeps started and unfinished at once: two batches of <see cref="SearchBatch"/>, enough to keep
    /// both cores of a silo scanning; the rest of a bulk import's searches wait in PostgreSQL, not in memory.
    /// </summary>
    public int SearchesInFlight { get; set; } = 512;

    /// <summary>
    /// Searches the pump runs as one batch when many are owed (an import's): each bucket is asked once for the batch
    /// instead of once per search. 1 runs every search on its own.
    /// </summary>
    public int SearchBatch { get; set; } = 256;

    /// <summary>Records of an import read, validated and committed together (one transaction a batch).</summary>
    public int ImportBatch { get; set; } = 1000;

    /// <summary>
    /// Failed attempts at one search (its subject could not be prepared, its results could not be stored) before it
    /// is parked with its last error instead of being tried for ever. A start that went quiet is not a failure.
    /// </summary>
    public int MaxSearchFailures { get; set; } = 10;

    /// <summary>
    /// The prior probability that a case's missing child is registered at all (default ½), spread evenly over the
    /// registered persons who could be the child: the prior of every posterior the registry states.
    /// </summary>
    public double PriorRegistered { get; set; } = 0.5;

    /// <summary>The kinship settings this silo's results are recorded with (null: an in-memory registry records none).</summary>
    public int? SettingsId { get; set; }

    /// <summary>How often the sweep looks for pending searches nobody is finishing.</summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A search started and not finished for this long is started again by the sweep.</summary>
    public TimeSpan StalledAfter { get; set; } = TimeSpan.FromSeconds(30);
}
