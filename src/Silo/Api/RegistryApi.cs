using Microsoft.AspNetCore.Http.HttpResults;
using Matching.Grains;
using Matching.Kinship;
using Matching.Registry;
using Matching.Registry.Reviews;
using Matching.Registry.Stores;
using Matching.Silo.Access;
using Matching.Silo.Health;
using Matching.Silo.Services;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Api;

/// <summary>The HTTP API: registration, profiles, matches, statistics and health.</summary>
public static class RegistryApi
{
    /// <summary>Records go to PostgreSQL in transactions of this many.</summary>
    private const int CommitSize = 1000;

    /// <summary>The largest page of matches or duplicates one request returns.</summary>
    public const int MostPerPage = 1000;

    public static void MapRegistryApi(this WebApplication app)
    {
        var submissions = app.MapGroup("/api").WithTags("Submissions").RequireAuthorization(AccessPolicy.Submissions).AuditRequests();
        submissions.MapPost("/profiles", Register).Audited("register");

        var offices = app.MapGroup("/api").WithTags("Offices").RequireAuthorization(AccessPolicy.Offices).AuditRequests();
        offices.MapGet("/profiles/{id}", ReadProfile).Audited("read-profile");
        offices.MapGet("/profiles/{id}/history", History).Audited("read-profile-history");
        offices.MapGet("/profiles/{id}/matches", (string id, double? minLr, string? after, int? limit, HttpContext http, IProfileStore profiles,
            IMatchStore matches, EvidenceService evidence, IReviewStore reviews) => Matches(http, profiles, matches, evidence, reviews, id, null, minLr, after, limit)).Audited("read-matches");
        offices.MapGet("/cases/{id}/matches", (string id, double? minLr, string? after, int? limit, HttpContext http, IProfileStore profiles,
            IMatchStore matches, EvidenceService evidence, IReviewStore reviews) => Matches(http, profiles, matches, evidence, reviews, null, id, minLr, after, limit)).Audited("read-matches");
        offices.MapGet("/matches", (double? minLr, string? after, int? limit, HttpContext http, IProfileStore profiles, IMatchStore matches,
            EvidenceService evidence, IReviewStore reviews) => Matches(http, profiles, matches, evidence, reviews, null, null, minLr, after, limit)).Audited("read-matches");
        offices.MapGet("/profiles/{id}/duplicates", (string id, HttpContext http, IProfileStore profiles, IDuplicateStore duplicates) =>
            PossibleDuplicates(http, profiles, duplicates, id, MostPerPage)).Audited("read-duplicates");
        offices.MapGet("/duplicates", (int? limit, HttpContext http, IProfileStore profiles, IDuplicateStore duplicates) =>
            PossibleDuplicates(http, profiles, duplicates, null, Math.Clamp(limit ?? 100, 1, MostPerPage))).Audited("read-duplicates");

        var operations = app.MapGroup("/api").WithTags("Operations").RequireAuthorization(AccessPolicy.Operations);
        operations.MapGet("/searches/{id:long}", Search);
        operations.MapGet("/kinship-settings/{id:int}", Settings);
        operations.MapGet("/stats", Stats);
        operations.MapGet("/cluster", async Task<Ok<ClusterView>> (OperationsService cluster) => TypedResults.Ok(await cluster.ClusterAsync()));

        // The probes carry no data, and a load balancer asks them without a key.
        app.MapHealthProbes();
    }

    /// <summary>A page of matches and the cursor of the next (null on the last page).</summary>
    public sealed record MatchPage(List<MatchLine> Matches, string? Next);

    public sealed record DuplicateView(string Profile, string DuplicateOf, int SharedLoci, DateTimeOffset FoundAt);

    /// <summary>
    /// A batch of registration JSON lines. Bad records are reported one by one; the good ones are committed and
    /// searched. X-Matching-Source and X-Matching-First-Line let a client that splits a file keep its line numbers.
    /// </summary>
    private static async Task<IResult> Register(HttpRequest request, KinshipEngine engine, Registrar registrar, ProvinceScope scope,
        IOptions<RegistryOptions> options, CancellationToken cancellationToken)
    {
        var source = request.Headers["X-Matching-Source"].FirstOrDefault() is { Length: > 0 } s ? s : "upload";
        var firstLine = int.TryParse(request.Headers["X-Matching-First-Line"].FirstOrDefault(), out var f) && f > 0 ? f : 1;
        if (!UploadSniffer.Declares(request.ContentType, out var format) || format is UploadFormat.Cmf or UploadFormat.GeneMapper)
        {
            // A form's boundaries and headers would be read as lines of registrations, and XML as one bad line.
            return Results.Json(new ApiError($"/api/profiles takes registration JSON lines, not {UploadSniffer.MediaType(request.ContentType)}; " +
                "a lab file (CMF, or a GeneMapper table with its manifest) goes to POST /api/imports"), statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        using var body = new StreamReader(request.Body);
        var batch = await new RegistrationReader(engine.Frequencies, options.Value.MinimumLoci).ReadAsync(body, source, firstLine, cancellationToken);
        var errors = batch.Errors.ToList();
        var admitted = await scope.AdmitAsync(request.HttpContext.Caller(), batch.Records, source, ImportApi.UploadReason(request), errors, cancellationToken);
        var (created, corrected, unchanged, searches, placed) = await CommitAsync(registrar, admitted, source, errors, cancellationToken);
        await placed;
        request.HttpContext.Audit().Ids.AddRange(admitted.Select(r => r.Id));
        request.HttpContext.Audit().Rows = admitted.Count;
        return Results.Ok(new RegistrationReport(created, corrected, unchanged, errors.Count, searches.Count, searches, errors, batch.Warnings));
    }

    /// <summary>
    /// Commits records in transactions of <see cref="CommitSize"/> and counts the outcomes; refusals join
    /// <paramref name="errors"/>. Each transaction is placed in the buckets while the next commits; the returned task
    /// is the last placement, which the caller awaits (an import, only before its own next commit).
    /// </summary>
    internal static async Task<(int Created, int Corrected, int Unchanged, List<long> Searches, Task Placed)> CommitAsync(
        Registrar registrar, IReadOnlyList<ProfileRecord> records, string source, List<RecordError> errors, CancellationToken cancellationToken,
        Task? placing = null)
    {
        int created = 0, corrected = 0, unchanged = 0;
        var searches = new List<long>();
        placing ??= Task.CompletedTask;
        foreach (var chunk in records.Chunk(CommitSize))
        {
            var (result, placed) = await registrar.CommitAsync(chunk, cancellationToken);
            await placing;
            placing = placed;
            searches.AddRange(result.Searches.Select(s => s.Id));
            foreach (var saved in result.Profiles)
            {
                switch (saved.Outcome)
                {
                    case RegistrationOutcome.Created: created++; break;
                    case RegistrationOutcome.Corrected: corrected++; break;
                    case RegistrationOutcome.Unchanged: unchanged++; break;
                    default: errors.Add(new RecordError(source, saved.Id, saved.Field, saved.Reason ?? "rejected")); break;
                }
            }
        }

        return (created, corrected, unchanged, searches, placing);
    }

    private static async Task<IResult> ReadProfile(string id, HttpContext http, IGrainFactory grains)
    {
        var view = await grains.GetGrain<IProfileGrain>(id).Get();
        if (view is null)
        {
            return Results.NotFound(new ApiError($"no profile {id}"));
        }

        if (!http.Caller().Sees(view.Province))
        {
            return OutsideScope($"profile {id}");
        }

        http.Audit().Rows = 1;
        return Results.Ok(new
        {
            view.Id,
            view.Category,
            view.CaseId,
            view.Role,
            view.Province,
            Sex = SexCodes.Text(view.Dna.Sex),
            Loci = view.Dna.ByLocus(),
            view.Version,
            view.RegisteredAt,
            view.UpdatedAt,
        });
    }

    public sealed record ProfileVersionView(int Version, string Category, string? CaseId, string? Role, string Province, string Sex,
        Dictionary<string, string[]> Loci, DateTimeOffset ValidFrom, DateTimeOffset ReplacedAt, string? CorrectedBy, string? CorrectionReason);

    /// <summary>The versions corrections replaced, oldest first, each with who corrected it and why: for the owning province (as now) or an administrator.</summary>
    private static async Task<Results<Ok<List<ProfileVersionView>>, NotFound<ApiError>, JsonHttpResult<ApiError>>> History(string id, HttpContext http,
        IProfileStore profiles)
    {
        if (await profiles.FindAsync(id, http.RequestAborted) is not { } current)
        {
            return TypedResults.NotFound(new ApiError($"no profile {id}"));
        }

        if (!http.Caller().Sees(current.Record.Province))
        {
            return OutsideScope($"profile {id}");
        }

        var versions = await profiles.HistoryAsync(id, http.RequestAborted);
        http.Audit().Rows = versions.Count;
        return TypedResults.Ok(versions.Select(v => new ProfileVersionView(v.Version, ProfileCategoryNames.Name(v.Record.Category), v.Record.CaseId,
            v.Record.Role is { } role ? RoleNames.Name(role) : null, v.Record.Province, SexCodes.Text(v.Record.Sex),
            v.Record.SortedLoci.ToDictionary(l => l.Key, l => new[] { l.Value.First, l.Value.Second }, StringComparer.Ordinal),
            v.ValidFrom, v.ReplacedAt, v.CorrectedBy, v.CorrectionReason)).ToList());
    }

    /// <summary>
    /// A page of matches the caller may see: a provincial office those whose case or person is in its province. A
    /// person or case of another province with no match in the caller's is refused, as it would be when read itself.
    /// </summary>
    private static async Task<IResult> Matches(HttpContext http, IProfileStore profiles, IMatchStore matches, EvidenceService evidence, IReviewStore reviews,
        string? profileId,
        string? caseId, double? minLr, string? after, int? limit)
    {
        var caller = http.Caller();
        MatchCursor? cursor = null;
        if (after is { Length: > 0 } && (cursor = MatchCursor.Decode(after)) is null)
        {
            return Results.BadRequest(new ApiError($"after: '{after}' is not a cursor this registry gave"));
        }

        var size = Math.Clamp(limit ?? 100, 1, MostPerPage);
        http.Audit().Ids.AddRange(new[] { profileId, caseId }.OfType<string>());
        var page = await matches.PageAsync(new MatchQuery(profileId, caseId, minLr ?? 0, caller.ProvinceFilter, cursor, size), http.RequestAborted);
        if (page.Count == 0 && !caller.SeesEveryProvince && cursor is null && await SubjectProvinceAsync(profiles, profileId, caseId, http.RequestAborted) is { } province
            && !caller.Sees(province))
        {
            return OutsideScope(profileId is not null ? $"profile {profileId}" : $"case {caseId}");
        }

        var strength = await evidence.ForAsync(page, http.RequestAborted);
        var states = await reviews.StatesAsync([.. page.Select(m => (m.CaseId, m.ProfileId))], http.RequestAborted);
        http.Audit().Ids.AddRange(page.SelectMany(m => new[] { m.ProfileId, m.CaseId }).Distinct(StringComparer.Ordinal).Except(http.Audit().Ids));
        http.Audit().Rows = page.Count;
        return Results.Ok(new MatchPage([.. page.Select((m, i) => new MatchLine(m.ProfileId, m.CaseId, m.Lr, m.Log10Lr, m.Rank, m.SettingsId, strength[i],
            ReviewStateNames.Name(states.GetValueOrDefault((m.CaseId, m.ProfileId), ReviewState.Candidate)), m.FirstFoundAt))],
            page.Count == size ? new MatchCursor(page[^1].Lr, page[^1].ProfileId, page[^1].CaseId).Encode() : null));
    }

    private static async Task<string?> SubjectProvinceAsync(IProfileStore profiles, string? profileId, string? caseId, CancellationToken cancellationToken) =>
        profileId is not null ? (await profiles.FindAsync(profileId, cancellationToken))?.Record.Province
        : caseId is not null ? await profiles.CaseProvinceAsync(caseId, cancellationToken)
        : null;

    /// <summary>A refusal for data of another province: 403, audited as such; it names what was asked, never what it holds.</summary>
    internal static JsonHttpResult<ApiError> OutsideScope(string what) =>
        TypedResults.Json(new ApiError($"{what} is outside the provinces this caller may read"), statusCode: StatusCodes.Status403Forbidden);

    /// <summary>Profiles identical to an earlier one wherever both are typed, for a reviewer to confirm or dismiss: an office's among its own.</summary>
    private static async Task<IResult> PossibleDuplicates(HttpContext http, IProfileStore profiles, IDuplicateStore duplicates, string? profileId, int limit)
    {
        var caller = http.Caller();
        if (profileId is not null && !caller.SeesEveryProvince && (await profiles.FindAsync(profileId, http.RequestAborted))?.Record.Province is { } province
            && !caller.Sees(province))
        {
            return OutsideScope($"profile {profileId}");
        }

        var found = await duplicates.PossibleDuplicatesAsync(profileId, limit, caller.ProvinceFilter, http.RequestAborted);
        http.Audit().Ids.AddRange(new[] { profileId }.OfType<string>()
            .Concat(found.SelectMany(d => new[] { d.ProfileId, d.DuplicateOf })).Distinct(StringComparer.Ordinal));
        http.Audit().Rows = found.Count;
        return Results.Ok(found.Select(d => new DuplicateView(d.ProfileId, d.DuplicateOf, d.SharedLoci, d.FoundAt)).ToList());
    }

    /// <summary>A search as PostgreSQL records it, with the buckets' answers so far where it is running on a silo.</summary>
    private static async Task<Results<Ok<SearchView>, NotFound<ApiError>>> Search(long id, ISearchStore searches, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (await searches.StatusAsync(id, cancellationToken) is not { } status)
        {
            return TypedResults.NotFound(new ApiError($"no search {id}"));
        }

        var progress = status.CompletedAt is null && status.ParkedAt is null ? await grains.GetGrain<IMatchCoordinatorGrain>(id).Progress() : null;
        return TypedResults.Ok(new SearchView(status.Id, SearchRequest.KindName(status.Kind), status.SubjectId, status.ResearchId,
            status.CompletedAt is not null, status.ParkedAt is not null, status.RequestedAt, status.StartedAt, status.CompletedAt, status.ParkedAt,
            status.Attempts, status.Failures, status.Candidates, status.LastError, progress?.BucketsAsked, progress?.BucketsAnswered));
    }

    /// <summary>The kinship settings a match's settingsId names: what produced it.</summary>
    private static async Task<Results<Ok<KinshipSettings>, NotFound<ApiError>>> Settings(int id, HttpContext http, CancellationToken cancellationToken) =>
        http.RequestServices.GetService<KinshipSettingsStore>() is { } store && await store.FindAsync(id, cancellationToken) is { } settings
            ? TypedResults.Ok(settings)
            : TypedResults.NotFound(new ApiError($"no kinship settings {id}"));

    private static async Task<IResult> Stats(IMatchStore matches, CancellationToken cancellationToken)
    {
        var stats = await matches.StatsAsync(cancellationToken);
        return Results.Ok(new
        {
            profiles = new Dictionary<string, long>
            {
                [ProfileCategoryNames.FamilyReference] = stats.FamilyReferences,
                [ProfileCategoryNames.UnknownParentage] = stats.UnknownParentage,
            },
            cases = stats.Cases,
            matches = stats.Matches,
            pendingSearches = stats.PendingSearches,
            parkedSearches = stats.ParkedSearches,
        });
    }
}
