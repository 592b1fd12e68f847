using Matching.Grains.Benchmarking;
using Matching.Grains.Buckets;
using Matching.Kinship;
using Matching.Kinship.Scan;
using Matching.Registry.Stores;
using Microsoft.Extensions.Options;

namespace Matching.Grains;

/// <summary>A bucket of cases: scores each person streamed to it and reports the candidates to the person's search.</summary>
[Placement.BucketPlacement]
[ImplicitStreamSubscription(LocusBuckets.CaseBuckets)]
public sealed class CaseBucketGrain(
    IProfileStore profiles,
    KinshipEngine engine,
    ScanLayout layout,
    AnchorLoci anchors,
    SubmissionQueries shared,
    IOptions<RegistryOptions> options) : LocusBucketGrain, ICaseBucketGrain, ICaseBucketLoader
{
    private readonly CaseIndex _cases = new(engine, layout, anchors, shared);

    // The cases' references one by one, for the identity check only: the same relative registered twice (two offices
    // opening a case for one family) is found like a person registered twice.
    private readonly PersonIndex _references = new(engine, layout, anchors);
    private readonly CaseReferenceLinks _links = new();

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await profiles.CasesInBucketAsync(Bucket.Value, options.Value.Buckets, cancellationToken))
        {
            Hold(CaseGrain.Definition(stored));
        }
    }

    public Task Upsert(CaseDefinition definition)
    {
        Hold(definition);
        return Task.CompletedTask;
    }

    public Task UpsertAll(List<CaseDefinition> definitions)
    {
        foreach (var definition in definitions)
        {
            Hold(definition);
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

        // Held as a registration holds them, references and all, so that the benchmark's bytes per member are a registry's.
        for (var i = 0; i < cases.Ids.Length; i++)
        {
            var id = cases.Ids[i];
            List<CaseReferenceDna> references = [];
            if (cases.HasFather[i])
            {
                references.Add(new(id + "-F", RoleNames.Name(Role.Father), Dna.Of(layout.Decode(cases.Fathers.AsSpan(i * loci, loci), Sex.Male))));
            }

            if (cases.HasMother[i])
            {
                references.Add(new(id + "-M", RoleNames.Name(Role.Mother), Dna.Of(layout.Decode(cases.Mothers.AsSpan(i * loci, loci), Sex.Female))));
            }

            Hold(new CaseDefinition(id, 0, references));
        }

        return Task.CompletedTask;
    }

    public Task<int> Count() => Task.FromResult(_cases.Count);

    protected override int Members => _cases.Count;

    protected override List<List<IdentityMatch>> IdenticalTo(IReadOnlyList<(string Id, Profile Profile)> subjects, int minimumShared) =>
        _references.Identical(subjects, minimumShared);

    /// <summary>A case and, unless an older revision, its references for the identity check (those that left it dropped).</summary>
    private void Hold(CaseDefinition definition)
    {
        _cases.Upsert(definition);
        var departed = new List<string>();
        if (!_links.Link(definition.CaseId, definition.Revision, [.. definition.References.Select(r => r.ProfileId)], departed))
        {
            return;
        }

        foreach (var gone in departed)
        {
            _references.Remove(gone);
        }

        foreach (var reference in definition.References)
        {
            _references.Upsert(reference.ProfileId, 0, reference.Dna);
        }
    }

    protected override void Prepare(Submission submission)
    {
        if (submission.Person is { } person)
        {
            _cases.Prepare(person.ToProfile(), Shared(submission));
        }
    }

    protected override BucketScore? Score(Submission submission) =>
        submission.Person is { } person
            ? _cases.Score(submission.SubjectId, person.ToProfile(), options.Value.ReportingThreshold, options.Value.Pruning && !submission.Exhaustive, Shared(submission))
            : null;
}
