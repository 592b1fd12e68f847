namespace Matching.Registry.Stores;

/// <summary>What registering one record did.</summary>
public enum RegistrationOutcome
{
    Created,
    Corrected,
    Unchanged,
    Rejected,
}
