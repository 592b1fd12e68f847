using Matching.Grains.Buckets;
using Matching.Kinship;
using Matching.Kinship.Scan;
using Matching.Registry.Stores;
using Microsoft.Extensions.Options;

namespace Matching.Grains;

/// <summary>A bucket of cases: scores each person streamed to it and reports the candidates to the person's search.</summary>
[ImplicitStreamSubscription(LocusBuckets.CaseBuckets)]
public sealed class CaseBucketGrain(
    IProfileStore profiles,
    KinshipEngine engine,
    ScanLayout layout,
    AnchorLoci anchors,
    SubmissionQueries shared,
    IOptions<RegistryOptions> options) : LocusBucketGrain, ICaseBucketGrain
{
    private readonly CaseIndex _cases = new(engine, layout, anchors, shared);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await profiles.CasesInBucketAsync(Bucket, options.Value.Buckets, cancellationToken))
        {
            _cases.Upsert(CaseGrain.Definition(stored));
        }
    }

    public Task Upsert(CaseDefinition definition)
    {
        _cases.Upsert(definition);
        return Task.CompletedTask;
    }

    public Task UpsertAll(List<CaseDefinition> definitions)
    {
        foreach (var definition in definitions)
        {
            _cases.Upsert(definition);
        }

        return Task.CompletedTask;
    }

    public Task Load(PackedCases cases)
    {
        var loci = layout.Loci.Count;
        if (cases.Fathers.Length != cases.Ids.Length * loci || cases.Mothers.Length != cases.Ids.Length * loci)
        {
            throw new ArgumentException($"packed cases: expected {loci} codes per parent per case (the silo's layout)", nameof(cases));
        }

        for (var i = 0; i < cases.Ids.Length; i++)
        {
            _cases.Load(cases.Ids[i], 0,
                cases.HasFather[i] ? cases.Fathers.AsSpan(i * loci, loci) : default,
                cases.HasMother[i] ? cases.Mothers.AsSpan(i * loci, loci) : default);
        }

        return Task.CompletedTask;
    }

    public Task<int> Count() => Task.FromResult(_cases.Count);

    protected override BucketScore? Score(Submission submission) =>
        submission.Person is { } person
            ? _cases.Score(submission.SubjectId, person.ToProfile(), options.Value.ReportingThreshold, options.Value.Pruning && !submission.Exhaustive, Shared(submission))
            : null;
}
