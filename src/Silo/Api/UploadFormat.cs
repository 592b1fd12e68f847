namespace Matching.Silo.Api;

/// <summary>The formats a lab file comes in, as the import endpoint tells them apart.</summary>
public enum UploadFormat
{
    JsonLines,
    Cmf,
    GeneMapper,
}
