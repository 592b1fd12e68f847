namespace Matching.Grains.Storage;

/// <summary>The grain storage provider that holds the registry's grain state.</summary>
public static class RegistryStorage
{
    public const string Name = "registry";
}
