using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Matching.Client.Commands;

/// <summary>The registry's HTTP API as the commands use it.</summary>
public sealed class RegistryClient(string server) : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http = new() { BaseAddress = new Uri(server.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };

    public string Server { get; } = server;

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

    public async Task<List<MatchReply>> MatchesAsync(string? profileId, string? caseId, double? minLr, CancellationToken cancellationToken = default)
    {
        var path = profileId is not null ? $"api/profiles/{Uri.EscapeDataString(profileId)}/matches"
            : caseId is not null ? $"api/cases/{Uri.EscapeDataString(caseId)}/matches"
            : "api/matches";
        if (minLr is { } min)
        {
            path += $"?minLr={Uri.EscapeDataString(min.ToString("R", System.Globalization.CultureInfo.InvariantCulture))}";
        }

        using var response = await _http.GetAsync(path, cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<List<MatchReply>>(Json, cancellationToken))!;
    }

    public async Task<StatsReply> StatsAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<StatsReply>("api/stats", Json, cancellationToken))!;

    public async Task<ResearchReply> StartResearchAsync(string reason, string office, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/research") { Content = JsonContent.Create(new { reason }, options: Json) };
        request.Headers.Add("X-Matching-Office", office);
        using var response = await _http.SendAsync(request, cancellationToken);
        await Ensure(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<ResearchReply>(Json, cancellationToken))!;
    }

    public async Task<ResearchReply> ResearchAsync(long id, CancellationToken cancellationToken = default) =>
        (await _http.GetFromJsonAsync<ResearchReply>($"api/research/{id}", Json, cancellationToken))!;

    public void Dispose() => _http.Dispose();

    private static async Task Ensure(HttpResponseMessage response, CancellationToken cancellationToken)
    {
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

public sealed record MatchReply(string ProfileId, string CaseId, double Lr, double Log10Lr, int Rank);

public sealed record StatsReply(Dictionary<string, long> Profiles, long Cases, long Matches, long PendingSearches);

public sealed record ResearchReply(long Id, string Reason, string RequestedBy, DateTimeOffset RequestedAt, int Cases, int Completed, bool Done, DateTimeOffset? CompletedAt);
