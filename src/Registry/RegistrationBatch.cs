namespace Matching.Registry;

/// <summary>What a batch of registration lines came to: the records that can be registered, and why the others cannot.</summary>
public sealed record RegistrationBatch(IReadOnlyList<ProfileRecord> Records, IReadOnlyList<RecordError> Errors, IReadOnlyList<string> Warnings);
