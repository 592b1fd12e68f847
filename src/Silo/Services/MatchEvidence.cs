namespace Matching.Silo.Services;

/// <summary>
/// What a match's LR means at the registry's size: the unrelated persons expected at or above it among the
/// <paramref name="Persons"/> the case was searched against, and the posterior probability that the person is the
/// missing child under the stated prior: P(the child is registered), spread evenly over the
/// <paramref name="PriorOver"/> persons who could be the child (those of <paramref name="MissingSex"/> or of unknown
/// sex where the child's sex is recorded, else all).
/// </summary>
public sealed record MatchEvidence(double ExpectedUnrelatedAbove, double Posterior, double PriorRegistered, long Persons, string? MissingSex, long PriorOver);
