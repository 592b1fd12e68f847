using Matching.Registry;
using Matching.Registry.Stores;
using Microsoft.Extensions.Logging;

namespace Matching.Grains;

/// <summary>
/// Registers a batch: commits it (with the searches it owes) in PostgreSQL first, then starts those searches.
/// A failure after the commit loses nothing: the searches are pending and the sweep starts them.
/// </summary>
public sealed class Registrar(IProfileStore profiles, IGrainFactory grains, ILogger<Registrar> logger)
{
    public async Task<SaveResult> RegisterAsync(IReadOnlyList<ProfileRecord> records, CancellationToken cancellationToken = default)
    {
        var result = await profiles.SaveAsync(records, cancellationToken);
        try
        {
            await Task.WhenAll(result.Profiles
                .Where(p => p.Outcome == RegistrationOutcome.Corrected)
                .Select(p => grains.GetGrain<IProfileGrain>(p.Id).Changed()));
            foreach (var chunk in result.Searches.Chunk(256))
            {
                await Task.WhenAll(chunk.Select(s => grains.GetGrain<IMatchCoordinatorGrain>(s.Id).Start()));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Registered {Count} profiles, but starting their searches failed; the sweep will start them", records.Count);
        }

        return result;
    }
}
