namespace Matching.Kinship.Scan;

/// <summary>
/// Registered members packed for the kernel in tiles of eight: a tile holds, column by column, the eight members'
/// ushort codes, so one group of eight is one contiguous run the kernel reads front to back. A one-reference case
/// or a person uses one column per locus; a both-parents case one too, naming its (father, mother) pair (BothParentsBlock).
/// </summary>
public sealed class PackedBlock
{
    public const int TileWidth = 8;

    private ushort[] _codes;

    public PackedBlock(int columns, int capacity = 1024)
    {
        Columns = columns;
        _codes = new ushort[Columns * RoundUp(Math.Max(capacity, TileWidth))];
    }

    public int Columns { get; }

    public int Count { get; private set; }

    public int BytesPerMember => Columns * sizeof(ushort);

    internal ushort[] Codes => _codes;

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
            Array.Resize(ref _codes, Columns * RoundUp(Math.Max(Count + TileWidth, Count + (Count / 4))));
        }

        for (var c = 0; c < Columns; c++)
        {
            _codes[Index(c, Count)] = codes[c];
        }

        return Count++;
    }

    private static int RoundUp(int members) => (members + TileWidth - 1) / TileWidth * TileWidth;
}
