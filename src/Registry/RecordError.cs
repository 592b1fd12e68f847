namespace Matching.Registry;

/// <summary>Why one record of a batch was not registered: where it came from, which record, which field, and why.</summary>
public sealed record RecordError(string Source, string Record, string Field, string Reason)
{
    public override string ToString() => $"{Source}, record {Record}, {Field}: {Reason}";
}
