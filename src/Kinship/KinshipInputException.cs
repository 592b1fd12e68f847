namespace Matching.Kinship;

/// <summary>Input that cannot be read; the message names the record, the field and the reason.</summary>
public sealed class KinshipInputException(string message) : Exception(message);
