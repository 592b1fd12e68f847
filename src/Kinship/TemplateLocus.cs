namespace Matching.Kinship;

/// <summary>
/// The case template pedigree at one locus, as allele indices of a <see cref="LocusModel"/>:
/// which template members are in the pedigree, and the genotypes of those typed here.
/// </summary>
internal sealed class TemplateLocus
{
    public const int Untyped = -1;

    /// <summary>F and Mo are in the pedigree (any role other than child is present).</summary>
    public bool Core { get; set; }

    public bool PaternalTop { get; set; }

    public bool MaternalTop { get; set; }

    public Sex MissingPersonSex { get; set; }

    public int Father { get; set; } = Untyped;

    public int Mother { get; set; } = Untyped;

    public int PaternalGrandfather { get; set; } = Untyped;

    public int PaternalGrandmother { get; set; } = Untyped;

    public int MaternalGrandfather { get; set; } = Untyped;

    public int MaternalGrandmother { get; set; } = Untyped;

    public List<(int A, int B)> FullSiblings { get; } = [];

    public List<(int A, int B)> PaternalHalfSiblings { get; } = [];

    public List<(int A, int B)> MaternalHalfSiblings { get; } = [];

    public List<(int A, int B)> PaternalUnclesAndAunts { get; } = [];

    public List<(int A, int B)> MaternalUnclesAndAunts { get; } = [];

    public List<(int A, int B)> Children { get; } = [];

    public void Clear()
    {
        Core = PaternalTop = MaternalTop = false;
        Father = Mother = PaternalGrandfather = PaternalGrandmother = MaternalGrandfather = MaternalGrandmother = Untyped;
        FullSiblings.Clear();
        PaternalHalfSiblings.Clear();
        MaternalHalfSiblings.Clear();
        PaternalUnclesAndAunts.Clear();
        MaternalUnclesAndAunts.Clear();
        Children.Clear();
    }
}
