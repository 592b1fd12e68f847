namespace Matching.Registry.Synthetic;

/// <summary>A missing child the synthetic population hides among persons of unknown parentage, and the case it belongs to.</summary>
public sealed record PlantedChild(string ProfileId, string CaseId, string Shape, bool Mutated);
