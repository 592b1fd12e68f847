namespace Matching.Kinship.Scan;

/// <summary>
/// Registered members packed for the kernel in tiles of eight: a tile holds, column by column, the eight members'
/// ushort codes, so one group of eight is one contiguous run the kernel reads front to back. A one-reference case
/// or a person uses one column per locus; a both-parents case two, the father's then the mother's, and keeps beside
/// them, for the trio sieve, which alleles each parent carries (<see cref="Carriers"/>).
/// </summary>
public sealed class PackedBlock
{
    public const int TileWidth = 8;

    /// <summary>Members per chunk of <see cref="Carriers"/>: one 256-bit vector per allele and column.</summary>
    public const int ChunkWidth = 512;

    /// <summary>A chunk's bits of one allele and column, as uints.</summary>
    public const int PlaneWords = ChunkWidth / 32;

    private readonly int[]? _planes;
    private readonly int _chunkWords;
    private ushort[] _codes;
    private uint[] _carriers = [];

    /// <param name="alleles">Per column, the number of alleles of its locus: keep, for each, which members carry it (both-parents cases).</param>
    public PackedBlock(int columns, int capacity = 1024, IReadOnlyList<int>? alleles = null)
    {
        Columns = columns;
        _codes = new ushort[Columns * RoundUp(Math.Max(capacity, TileWidth), TileWidth)];
        if (alleles is not null)
        {
            if (alleles.Count != columns)
            {
                throw new ArgumentException($"expected the allele counts of {columns} columns, got {alleles.Count}", nameof(alleles));
            }

            _planes = new int[columns];
            for (var c = 0; c < columns; c++)
            {
                _planes[c] = _chunkWords;
                _chunkWords += alleles[c] * PlaneWords;
            }

            _carriers = new uint[_chunkWords * (RoundUp(Math.Max(capacity, 1), ChunkWidth) / ChunkWidth)];
        }
    }

    public int Columns { get; }

    public int Count { get; private set; }

    public int BytesPerMember => (Columns * sizeof(ushort)) + (_chunkWords * sizeof(uint) / ChunkWidth);

    internal ushort[] Codes => _codes;

    /// <summary>
    /// Per chunk of 256 members, column and allele, 256 bits: which members carry the allele there. An untyped
    /// member carries every allele of the column. Empty unless allele counts were given.
    /// </summary>
    internal uint[] Carriers => _carriers;

    internal bool HasCarriers => _planes is not null;

    /// <summary>Uints per chunk of <see cref="Carriers"/>.</summary>
    internal int ChunkWords => _chunkWords;

    /// <summary>Where, in a chunk of <see cref="Carriers"/>, the bits of an allele of a column start.</summary>
    internal int Plane(int column, int allele) => _planes![column] + (allele * PlaneWords);

    /// <summary>Where member's code of a column lives in <see cref="Codes"/>.</summary>
    internal int Index(int column, int member) =>
        ((member / TileWidth) * Columns * TileWidth) + (column * TileWidth) + (member % TileWidth);

    public ushort Code(int column, int member) => _codes[Index(column, member)];

    public int Add(ReadOnlySpan<ushort> codes)
    {
        if (codes.Length != Columns)
        {
            throw new ArgumentException($"expected {Columns} codes, got {codes.Length}", nameof(codes));
        }

        if (Index(Columns - 1, Count) >= _codes.Length)
        {
            // A quarter more at a time: a bucket of millions of members carries little unused room.
            Array.Resize(ref _codes, Columns * RoundUp(Math.Max(Count + TileWidth, Count + (Count / 4)), TileWidth));
        }

        if (_planes is not null)
        {
            Carry(codes);
        }

        for (var c = 0; c < Columns; c++)
        {
            _codes[Index(c, Count)] = codes[c];
        }

        return Count++;
    }

    private void Carry(ReadOnlySpan<ushort> codes)
    {
        var chunk = Count / ChunkWidth;
        if ((chunk + 1) * _chunkWords > _carriers.Length)
        {
            Array.Resize(ref _carriers, _chunkWords * Math.Max(chunk + 1, chunk + (chunk / 4)));
        }

        var (word, bit) = ((chunk * _chunkWords) + ((Count % ChunkWidth) / 32), 1u << (Count % 32));
        for (var c = 0; c < Columns; c++)
        {
            if (codes[c] == ScanLayout.Untyped)
            {
                for (var plane = _planes![c]; plane < End(c); plane += PlaneWords)
                {
                    _carriers[word + plane] |= bit;
                }

                continue;
            }

            var (first, second) = GenotypeIndex.Alleles(codes[c] - 1);
            if (Plane(c, Math.Max(first, second)) >= End(c))
            {
                throw new ArgumentException($"code {codes[c]} of column {c} names an allele past the column's count");
            }

            _carriers[word + Plane(c, first)] |= bit;
            _carriers[word + Plane(c, second)] |= bit;
        }
    }

    private int End(int column) => column + 1 < Columns ? _planes![column + 1] : _chunkWords;

    private static int RoundUp(int members, int tile) => (members + tile - 1) / tile * tile;
}
