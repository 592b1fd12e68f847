namespace Matching.Kinship.Scan;

/// <summary>
/// Registered members packed column by column: column c holds one ushort code per member, contiguous, so the
/// kernel streams each column with vector loads. A one-reference case or a person uses one column per locus;
/// a both-parents case two (father, then mother).
/// </summary>
public sealed class PackedBlock
{
    private ushort[] _codes;

    public PackedBlock(int columns, int capacity = 1024)
    {
        Columns = columns;
        Capacity = Math.Max(capacity, 8);
        _codes = new ushort[Columns * Capacity];
    }

    public int Columns { get; }

    public int Capacity { get; private set; }

    public int Count { get; private set; }

    public int BytesPerMember => Columns * sizeof(ushort);

    public ReadOnlySpan<ushort> Column(int column) => _codes.AsSpan(column * Capacity, Count);

    internal ushort[] Codes => _codes;

    public int Add(ReadOnlySpan<ushort> codes)
    {
        if (codes.Length != Columns)
        {
            throw new ArgumentException($"expected {Columns} codes, got {codes.Length}", nameof(codes));
        }

        if (Count == Capacity)
        {
            Grow();
        }

        for (var c = 0; c < Columns; c++)
        {
            _codes[(c * Capacity) + Count] = codes[c];
        }

        return Count++;
    }

    private void Grow()
    {
        var capacity = Capacity * 2;
        var codes = new ushort[Columns * capacity];
        for (var c = 0; c < Columns; c++)
        {
            Array.Copy(_codes, c * Capacity, codes, c * capacity, Count);
        }

        _codes = codes;
        Capacity = capacity;
    }
}
