namespace Matching.Kinship;

/// <summary>A frequency table that cannot be used at all: every LR computed from it would be wrong.</summary>
public sealed class FrequencyTableException(string message) : Exception(message);
