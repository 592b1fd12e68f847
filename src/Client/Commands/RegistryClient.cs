using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Matching.Client.Commands;

/// <summary>The registry's HTTP API as the commands use it, with the caller's key on every request.</summary>
public sealed class RegistryClient : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    /// <summary>The key a registry on this machine wrote at its first start, in the silo's default data folder.</summary>
    public const string LocalAdminKey = ".matching/admin.key";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    public RegistryClient(string server, string? key = null)
    {
        Server = server;
        _http = new HttpClient { BaseAddress = new Uri(server.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
        if (key is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    public string Server { get; }

    /// <summary>A client for a verb's --server, with the key from --key, else MATCHING_KEY, else this folder's .matching/admin.key.</summary>
    public static RegistryClient For(Arguments parsed) => new(parsed.Text("--server") ?? DefaultServer, Key(parsed.Text("--key")));

    public static string? Key(string? given)
    {
        if (given is { Length: > 0 })
        {
            return given.Trim();
        }

        if (Environment.GetEnvironmentVariable("MATCHING_KEY") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment.Trim();
        }

        return File.Exists(LocalAdminKey) ? File.ReadAllText(LocalAdminKey).Trim() : null;
    }

    public async Task<RegistrationReply> RegisterAsync(IReadOnlyList<string> lines, string source, int firstLine, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(string.Join('\n', lines), Encoding.UTF8, "application/x-ndjson");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/profiles") { Content = content };
        request.Headers.Add("X-Matching-Source", source);
        request.Headers.Add("X-Matching-First-Line", firstLine.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await _http.SendAsync(request, cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<RegistrationReply>(Json, cancellationToken))!;
    }

    /// <summary>The most errors and warnings an import's report lists of each.</summary>
    public const int MostErrorsListed = 100_000;

    /// <summary>Streams a file to POST /api/imports as it is; the answer is the finished import.</summary>
    public async Task<ImportReply> ImportAsync(string path, string contentType, IProgress<long> progress, string? reason = null, CancellationToken cancellationToken = default)
    {
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(new ProgressStream(file, progress));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await PostImportAsync(content, Path.GetFileName(path), reason, cancellationToken);
    }

    /// <summary>A GeneMapper table with its sample manifest, as the form POST /api/imports reads.</summary>
    public async Task<ImportReply> ImportTableAsync(string table, string manifest, IProgress<long> progress, string? reason = null,
        CancellationToken cancellationToken = default)
    {
        await using var tableFile = File.OpenRead(table);
        await using var manifestFile = File.OpenRead(manifest);
        using var form = new MultipartFormDataContent
        {
            { new StreamContent(manifestFile), "manifest", Path.GetFileName(manifest) },
            { new StreamContent(new ProgressStream(tableFile, progress)), "table", Path.GetFileName(table) },
        };
        return await PostImportAsync(form, Path.GetFileName(table), reason, cancellationToken);
    }

    private async Task<ImportReply> PostImportAsync(HttpContent content, string source, string? reason, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/imports") { Content = content };
        request.Headers.Add("X-Matching-Source", source);
        if (reason is not null)
        {
            // Percent-encoded UTF-8: a header carries ASCII only, and a reason may be written in Chinese.
            request.Headers.Add("X-Matching-Reason", Uri.EscapeDataString(reason));
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<ImportReply>(Json, cancellationToken))!;
    }

    public async Task<ImportReply> FindImportAsync(long id, int errors, CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<ImportReply>($"api/imports/{id}?errors={errors}", Json, cancellationToken))!;

    /// <summary>A case's power at the registry's size; null for a case the registry does not hold.</summary>
    public async Task<CasePowerReply?> PowerAsync(string caseId, IReadOnlyList<double> thresholds, bool relatives, CancellationToken cancellationToken = default)
    {
        var path = $"api/cases/{Uri.EscapeDataString(caseId)}/power?relatives={(relatives ? "true" : "false")}";
        if (thresholds.Count > 0)
        {
            path += "&thresholds=" + string.Join(",", thresholds.Select(t => t.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        }

        using var response = await _http.GetAsync(path, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        await Ensure(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<CasePowerReply>(Json, cancellationToken);
    }

    /// <summary>The weak cases, page after page, weakest first.</summary>
    public async IAsyncEnumerable<WeakCaseReply> WeakCasesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (string? next = null; ;)
        {
            using var response = await _http.GetAsync("api/cases?power=weak&limit=1000" + (next is null ? "" : $"&after={Uri.EscapeDataString(next)}"), cancellationToken);
            await Ensure(response, cancellationToken);
            var page = (await response.Content.ReadFromJsonAsync<WeakCasePageReply>(Json, cancellationToken))!;
            foreach (var line in page.Cases)
            {
                yield return line;
            }

            if ((next = page.Next) is null)
            {
                yield break;
            }
        }
    }

    /// <summary>Every match asked for, page after page.</summary>
    public async Task<List<MatchReply>> MatchesAsync(string? profileId, string? caseId, double? minLr, CancellationToken cancellationToken = default)
    {
        var path = profileId is not null ? $"api/profiles/{Uri.EscapeDataString(profileId)}/matches"
            : caseId is not null ? $"api/cases/{Uri.EscapeDataString(caseId)}/matches"
            : "api/matches";
        path += "?limit=1000";
        if (minLr is { } min)
        {
            path += $"&minLr={Uri.EscapeDataString(min.ToString("R", System.Globalization.CultureInfo.InvariantCulture))}";
        }

        var matches = new List<MatchReply>();
        for (string? next = null; ;)
        {
            using var response = await _http.GetAsync(next is null ? path : $"{path}&after={Uri.EscapeDataString(next)}", cancellationToken);
            await Ensure(response, cancellationToken);
            var page = (await response.Content.ReadFromJsonAsync<MatchPageReply>(Json, cancellationToken))!;
            matches.AddRange(page.Matches);
            if ((next = page.Next) is null)
            {
                return matches;
            }
        }
    }

    public async Task<IssuedKeyReply> CreateKeyAsync(string name, string role, IReadOnlyList<string> provinces, int? days, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync("api/keys", new { name, role, provinces, expiresInDays = days }, Json, cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<IssuedKeyReply>(Json, cancellationToken))!;
    }

    public async Task<List<KeyReply>> KeysAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("api/keys", cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<List<KeyReply>>(Json, cancellationToken))!;
    }

    public async Task<KeyReply> RevokeKeyAsync(long id, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync($"api/keys/{id}/revoke", null, cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<KeyReply>(Json, cancellationToken))!;
    }

    public async Task<AuditVerificationReply> VerifyAuditAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("api/audit/verify", cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<AuditVerificationReply>(Json, cancellationToken))!;
    }

    public async Task<AuditPageReply> AuditAsync(string query, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync("api/audit" + query, cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<AuditPageReply>(Json, cancellationToken))!;
    }

    public async Task<ReviewPageReply> ReviewsAsync(string? state, string? after, CancellationToken cancellationToken = default)
    {
        var query = "api/reviews?limit=1000" + (state is null ? "" : $"&state={Uri.EscapeDataString(state)}") + (after is null ? "" : $"&after={Uri.EscapeDataString(after)}");
        using var response = await _http.GetAsync(query, cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<ReviewPageReply>(Json, cancellationToken))!;
    }

    public async Task<ReviewWithHistoryReply> ReviewAsync(string caseId, string profileId, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(CandidatePath(caseId, profileId, "review"), cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<ReviewWithHistoryReply>(Json, cancellationToken))!;
    }

    public async Task<ReviewReply> TransitionAsync(string caseId, string profileId, ReviewRequestBody change, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync(CandidatePath(caseId, profileId, "review"), change, Json, cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<ReviewReply>(Json, cancellationToken))!;
    }

    /// <summary>The match report as the registry sends it (JSON), to print or to keep.</summary>
    public async Task<string> ReportAsync(string caseId, string profileId, CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(CandidatePath(caseId, profileId, "report"), cancellationToken);
        await Ensure(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static string CandidatePath(string caseId, string profileId, string what) =>
        $"api/cases/{Uri.EscapeDataString(caseId)}/candidates/{Uri.EscapeDataString(profileId)}/{what}";

    public async Task<StatsReply> StatsAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<StatsReply>("api/stats", Json, cancellationToken))!;

    public async Task<ResearchReply> StartResearchAsync(string reason, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync("api/research", new { reason }, Json, cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<ResearchReply>(Json, cancellationToken))!;
    }

    public async Task<ResearchReply> ResearchAsync(long id, CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<ResearchReply>($"api/research/{id}", Json, cancellationToken))!;

    public void Dispose() => _http.Dispose();

    private static async Task Ensure(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            throw new InvalidOperationException("the registry needs a valid key: give --key KEY or MATCHING_KEY, or run from the folder whose " +
                $"{LocalAdminKey} the registry wrote at its first start (a key that expired or was revoked is refused too)");
        }

        if (response.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            throw new InvalidOperationException($"the registry refused this key (403): {await response.Content.ReadAsStringAsync(cancellationToken)}".TrimEnd(' ', ':'));
        }

        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase}: {body}");
        }
    }
}

public sealed record RecordErrorReply(string Source, string Record, string Field, string Reason);

public sealed record RegistrationReply(int Created, int Corrected, int Unchanged, int Rejected, int Searches,
    List<RecordErrorReply> Errors, List<string> Warnings);

public sealed record ImportReply(long Id, string Source, int Records, int Created, int Corrected, int Unchanged, int Rejected,
    List<RecordErrorReply> Errors, int Warned, List<string> Warnings, bool Done, ImportSearchesReply? Searches = null);

/// <summary>The searches an import owes: done, pending, those pending up to its last, the registry's pace and the time left.</summary>
public sealed record ImportSearchesReply(long Owed, long Done, long Pending, long WaitingOn, double PerSecond, double? EtaSeconds);

public sealed record CasePowerReply(string CaseId, List<CaseReferenceReply> References, long PersonsRegistered, List<ThresholdPowerReply> Thresholds,
    double? TrueChildMedianLog10Lr, double? TrueChildP05Log10Lr, string Method, List<RelativeAdviceReply>? NextRelatives);

public sealed record RelativeAdviceReply(string Role, double RankedAt, double Gain, List<ThresholdPowerReply> Thresholds, double? TrueChildMedianLog10Lr,
    double? TrueChildP05Log10Lr, string Method);

public sealed record CaseReferenceReply(string ProfileId, string Role);

public sealed record ThresholdPowerReply(double Threshold, double TrueChild, double Unrelated, double ExpectedUnrelatedAbove, double TrueChildStandardError,
    double UnrelatedStandardError);

public sealed record MatchPageReply(List<MatchReply> Matches, string? Next);

public sealed record KeyReply(long Id, string Name, string Role, List<string> Provinces, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt, string? RevokedBy, bool Valid);

public sealed record IssuedKeyReply(KeyReply Key, string Secret);

public sealed record AuditVerificationReply(bool Holds, long RowsChecked, long? BrokenRow, string? Reason);

public sealed record AuditRowReply(long Id, DateTimeOffset At, string Subject, string Role, string Office, string Provinces, string ClientAddress,
    string RequestId, string Action, List<string> Ids, int Rows, int Outcome, string Hash);

public sealed record AuditPageReply(List<AuditRowReply> Rows, string? Next);

public sealed record MatchReply(string ProfileId, string CaseId, double Lr, double Log10Lr, int Rank, int? SettingsId = null, MatchEvidenceReply? Evidence = null,
    string? Review = null);

public sealed record WeakCaseReply(string CaseId, int Revision, double Threshold, double TrueChild, double Unrelated, double ExpectedUnrelatedAbove,
    double? MedianLog10Lr, double? P05Log10Lr, DateTimeOffset ComputedAt);

public sealed record WeakCasePageReply(List<WeakCaseReply> Cases, string? Next);

public sealed record ReviewReply(string CaseId, string ProfileId, string State, string? AssignedTo, List<string> Relatives, string? LabReference, string Reason,
    int Version, double? LrAtChange, double? LrNow, string ChangedBy, DateTimeOffset ChangedAt);

public sealed record ReviewEventReply(int Version, string From, string To, string Actor, string Reason, string? AssignedTo, List<string> Relatives,
    string? LabReference, double? Lr, DateTimeOffset At);

public sealed record ReviewPageReply(List<ReviewReply> Reviews, string? Next);

public sealed record ReviewWithHistoryReply(ReviewReply Review, List<ReviewEventReply> History);

public sealed record ReviewRequestBody(string State, string Reason, string? AssignedTo, List<string>? Relatives, string? LabReference, int? ExpectedVersion);

/// <summary>The unrelated persons expected at or above the LR among those registered, and the posterior under the stated prior.</summary>
public sealed record MatchEvidenceReply(double ExpectedUnrelatedAbove, double Posterior, double PriorRegistered, long Persons, string? MissingSex = null, long PriorOver = 0);

public sealed record StatsReply(Dictionary<string, long> Profiles, long Cases, long Matches, long PendingSearches);

public sealed record ResearchReply(long Id, string Reason, string RequestedBy, DateTimeOffset RequestedAt, int Cases, int Completed, bool Done, DateTimeOffset? CompletedAt);
