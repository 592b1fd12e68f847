using System.Text.Json;
using Orleans.Storage;

namespace Matching.Grains.Storage;

/// <summary>
/// Grain state as plain JSON, property names only and no type names, so that renaming or moving a state class
/// does not orphan what is stored (Orleans' own serialisers record the type).
/// </summary>
public sealed class GrainStateJson : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options) ?? throw new JsonException($"stored {typeof(T).Name} is null");
}
