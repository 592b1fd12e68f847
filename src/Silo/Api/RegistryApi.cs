using Microsoft.AspNetCore.Http.HttpResults;
using Matching.Grains;
using Matching.Kinship;
using Matching.Registry;
using Matching.Registry.Stores;
using Matching.Silo.Services;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Api;

/// <summary>The HTTP API: registration, profiles, matches, statistics and health.</summary>
public static class RegistryApi
{
    /// <summary>Records go to PostgreSQL in transactions of this many.</summary>
    private const int CommitSize = 1000;

    public static void MapRegistryApi(this WebApplication app)
    {
        app.MapPost("/api/profiles", Register);
        app.MapGet("/api/profiles/{id}", ReadProfile);
        app.MapGet("/api/profiles/{id}/matches", (string id, double? minLr, HttpContext http, IMatchStore matches, EvidenceService evidence) =>
            Matches(http, matches, evidence, id, null, minLr, $"profile {id}"));
        app.MapGet("/api/cases/{id}/matches", (string id, double? minLr, HttpContext http, IMatchStore matches, EvidenceService evidence) =>
            Matches(http, matches, evidence, null, id, minLr, $"case {id}"));
        app.MapGet("/api/matches", (double? minLr, HttpContext http, IMatchStore matches, EvidenceService evidence) =>
            Matches(http, matches, evidence, null, null, minLr, "all"));
        app.MapGet("/api/profiles/{id}/duplicates", (string id, HttpContext http, IMatchStore audit, IDuplicateStore duplicates) =>
            PossibleDuplicates(http, audit, duplicates, id, 1000));
        app.MapGet("/api/duplicates", (int? limit, HttpContext http, IMatchStore audit, IDuplicateStore duplicates) =>
            PossibleDuplicates(http, audit, duplicates, null, Math.Clamp(limit ?? 1000, 1, 100_000)));
        app.MapGet("/api/searches/{id:long}", Search);
        app.MapGet("/api/kinship-settings/{id:int}", Settings);
        app.MapGet("/api/stats", Stats);
        app.MapGet("/health", async (IMatchStore matches, CancellationToken cancellationToken) =>
        {
            await matches.StatsAsync(cancellationToken);
            return Results.Ok(new { status = "ok" });
        });
    }

    /// <summary>
    /// A batch of registration JSON lines. Bad records are reported one by one; the good ones are committed and
    /// searched. X-Matching-Source and X-Matching-First-Line let a client that splits a file keep its line numbers.
    /// </summary>
    private static async Task<IResult> Register(HttpRequest request, KinshipEngine engine, Registrar registrar,
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
        var (created, corrected, unchanged, searches, placed) = await CommitAsync(registrar, batch.Records, source, errors, cancellationToken);
        await placed;
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
                    default: errors.Add(new RecordError(source, saved.Id, "role", saved.Reason ?? "rejected")); break;
                }
            }
        }

        return (created, corrected, unchanged, searches, placing);
    }

    private static async Task<IResult> ReadProfile(string id, HttpContext http, IGrainFactory grains, IMatchStore matches, CancellationToken cancellationToken)
    {
        await matches.AuditAsync(Actor(http), "read-profile", id, cancellationToken);
        var view = await grains.GetGrain<IProfileGrain>(id).Get();
        return view is null
            ? Results.NotFound(new { error = $"no profile {id}" })
            : Results.Ok(new
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

    private static async Task<IResult> Matches(HttpContext http, IMatchStore matches, EvidenceService evidence, string? profileId, string? caseId,
        double? minLr, string subject)
    {
        await matches.AuditAsync(Actor(http), "read-matches", subject, http.RequestAborted);
        var list = await matches.ListAsync(profileId, caseId, minLr ?? 0, http.RequestAborted);
        var strength = await evidence.ForAsync(list, http.RequestAborted);
        return Results.Ok(list.Select((m, i) => new MatchLine(m.ProfileId, m.CaseId, m.Lr, m.Log10Lr, m.Rank, m.SettingsId, strength[i])));
    }

    /// <summary>Profiles identical to an earlier one wherever both are typed, for a reviewer to confirm or dismiss.</summary>
    private static async Task<IResult> PossibleDuplicates(HttpContext http, IMatchStore audit, IDuplicateStore duplicates, string? profileId, int limit)
    {
        await audit.AuditAsync(Actor(http), "read-duplicates", profileId is null ? "all" : $"profile {profileId}", http.RequestAborted);
        var found = await duplicates.PossibleDuplicatesAsync(profileId, limit, http.RequestAborted);
        return Results.Ok(found.Select(d => new { profile = d.ProfileId, duplicateOf = d.DuplicateOf, sharedLoci = d.SharedLoci, foundAt = d.FoundAt }));
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

    /// <summary>Who is reading, for the audit: the office the request names (authentication is the gateway's job).</summary>
    internal static string Actor(HttpContext http) =>
        http.Request.Headers["X-Matching-Office"].FirstOrDefault() is { Length: > 0 } office ? office : "unidentified";
}
