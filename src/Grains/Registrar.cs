using Matching.Registry;
using Matching.Registry.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Matching.Grains;

/// <summary>
/// Registers a batch: commits it (with the searches it owes) in PostgreSQL first, then puts its persons and changed
/// cases into their buckets, one call per bucket, and kicks the pump that starts the searches. It returns without
/// waiting for any search: a bulk import runs at the pace of the commit, and its searches follow at the pace of the
/// scan. A failure after the commit loses nothing: each search puts its own subject into its bucket again, and the
/// sweep starts the pump.
/// </summary>
public sealed class Registrar(IProfileStore profiles, IGrainFactory grains, IOptions<RegistryOptions> options, RegistryMetrics metrics, ILogger<Registrar> logger)
{
    public async Task<SaveResult> RegisterAsync(IReadOnlyList<ProfileRecord> records, CancellationToken cancellationToken = default)
    {
        var (result, placed) = await CommitAsync(records, cancellationToken);
        await placed;
        return result;
    }

    /// <summary>
    /// Returns once PostgreSQL has the batch, with the task that puts it into the buckets and kicks the pump: a bulk
    /// import commits its next batch while this one is placed.
    /// </summary>
    public async Task<(SaveResult Result, Task Placed)> CommitAsync(IReadOnlyList<ProfileRecord> records, CancellationToken cancellationToken = default)
    {
        var result = await profiles.SaveAsync(records, cancellationToken);
        metrics.ProfilesRegistered.Add(result.Profiles.Count(p => p.Outcome is RegistrationOutcome.Created or RegistrationOutcome.Corrected));
        return (result, Place(records, result, cancellationToken));
    }

    private async Task Place(IReadOnlyList<ProfileRecord> records, SaveResult result, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(result.Profiles
                .Where(p => p.Outcome == RegistrationOutcome.Corrected)
                .Select(p => grains.GetGrain<IProfileGrain>(p.Id).Changed()));
            await Task.WhenAll(PlacePersons(records, result), PlaceCases(result, cancellationToken));
            if (result.Searches.Count > 0)
            {
                await grains.GetGrain<ISearchSweepGrain>(0).Kick();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Registered {Count} profiles, but placing them or kicking their searches failed; the sweep will start them", records.Count);
        }
    }

    private Task PlacePersons(IReadOnlyList<ProfileRecord> records, SaveResult result)
    {
        var byBucket = new Dictionary<BucketNumber, List<RegisteredPerson>>();
        for (var i = 0; i < records.Count; i++)
        {
            var (record, saved) = (records[i], result.Profiles[i]);
            if (record.Category == ProfileCategory.UnknownParentage && saved.Outcome is RegistrationOutcome.Created or RegistrationOutcome.Corrected)
            {
                var bucket = BucketNumber.Of(BucketHash.Of(record.Id), options.Value.Buckets);
                (byBucket.TryGetValue(bucket, out var persons) ? persons : byBucket[bucket] = [])
                    .Add(new RegisteredPerson(record.Id, saved.Version, Dna.OfSorted(record.Sex, record.SortedLoci)));
            }
        }

        return Task.WhenAll(byBucket.Select(bucket => grains.PersonBucket(bucket.Key).UpsertAll(bucket.Value)));
    }

    private async Task PlaceCases(SaveResult result, CancellationToken cancellationToken)
    {
        // A case the batch created is placed from the batch; one it changed is read back, with its earlier references.
        var created = result.NewCases.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var changed = result.Searches.Where(s => s.Kind == SearchKind.Case && !created.Contains(s.SubjectId)).Select(s => s.SubjectId).ToList();
        var byBucket = result.NewCases.Concat(await profiles.CasesAsync(changed, cancellationToken))
            .GroupBy(c => BucketNumber.Of(BucketHash.Of(c.Id), options.Value.Buckets));
        await Task.WhenAll(byBucket.Select(bucket => grains.CaseBucket(bucket.Key)
            .UpsertAll([.. bucket.Select(CaseGrain.Definition)])));
    }
}
