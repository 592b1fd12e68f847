using Matching.Grains.Benchmarking;
using Matching.Grains.Buckets;
using Matching.Kinship;
using Matching.Kinship.Scan;
using Matching.Registry.Stores;
using Microsoft.Extensions.Options;

namespace Matching.Grains;

/// <summary>A bucket of persons: scans each case streamed to it and reports the candidates to the case's search.</summary>
[Placement.BucketPlacement]
[ImplicitStreamSubscription(LocusBuckets.PersonBuckets)]
public sealed class PersonBucketGrain(
    IProfileStore profiles,
    KinshipEngine engine,
    ScanLayout layout,
    AnchorLoci anchors,
    SubmissionQueries shared,
    IOptions<RegistryOptions> options) : LocusBucketGrain, IPersonBucketGrain, IPersonBucketLoader
{
    private readonly PersonIndex _persons = new(engine, layout, anchors, shared);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var person in await profiles.PersonsInBucketAsync(Bucket.Value, options.Value.Buckets, cancellationToken))
        {
            _persons.Upsert(person.Id, person.Version, person.Profile);
        }
    }

    public Task Upsert(string profileId, int version, Dna dna)
    {
        _persons.Upsert(profileId, version, dna);
        return Task.CompletedTask;
    }

    public Task UpsertAll(List<RegisteredPerson> persons)
    {
        foreach (var person in persons)
        {
            _persons.Upsert(person.ProfileId, person.Version, person.Dna);
        }

        return Task.CompletedTask;
    }

    public Task Load(PackedPersons persons)
    {
        var loci = layout.Loci.Count;
        if (persons.Codes.Length != persons.Ids.Length * loci || persons.Sexes.Length != persons.Ids.Length)
        {
            throw new ArgumentException($"packed persons: expected a sex and {loci} codes per person (the silo's layout)", nameof(persons));
        }

        for (var i = 0; i < persons.Ids.Length; i++)
        {
            _persons.Load(persons.Ids[i], 1, persons.Sexes[i], persons.Codes.AsSpan(i * loci, loci));
        }

        return Task.CompletedTask;
    }

    public Task<int> Count() => Task.FromResult(_persons.Count);

    protected override int Members => _persons.Count;

    protected override List<List<IdentityMatch>> IdenticalTo(IReadOnlyList<(string Id, Profile Profile)> subjects, int minimumShared) =>
        _persons.Identical(subjects, minimumShared);

    protected override void Prepare(Submission submission)
    {
        if (submission.Case is { } definition)
        {
            _persons.Prepare(definition, Shared(submission));
        }
    }

    protected override BucketScore? Score(Submission submission) =>
        submission.Case is { } definition
            ? _persons.Score(definition, options.Value.ReportingThreshold, options.Value.Pruning && !submission.Exhaustive, Shared(submission))
            : null;
}
