namespace Matching.Registry.Access;

/// <summary>What a caller may do in the registry; province scope narrows it further (<see cref="Caller"/>).</summary>
public enum AccessRole
{
    /// <summary>Everything, in every province.</summary>
    NationalAdmin,

    /// <summary>Reads and reviews its province's cases, persons and their matches; registers and corrects its province's profiles.</summary>
    ProvincialOffice,

    /// <summary>Imports into the provinces it is bound to and reads its own imports' reports; no matches, no other profiles.</summary>
    LabPipeline,

    /// <summary>Statistics, health, research and cluster state; never a genotype.</summary>
    Operator,

    /// <summary>The audit, and nothing else.</summary>
    Auditor,
}
