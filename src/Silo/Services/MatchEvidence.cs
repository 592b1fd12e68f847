namespace Matching.Silo.Services;

/// <summary>
/// What a match's LR means at the registry's size: the unrelated persons expected at or above it among the persons
/// the case was searched against, and the posterior probability that the person is the missing child under the
/// stated prior (P(the child is registered), spread evenly over those persons).
/// </summary>
public sealed record MatchEvidence(double ExpectedUnrelatedAbove, double Posterior, double PriorRegistered, long Persons);
