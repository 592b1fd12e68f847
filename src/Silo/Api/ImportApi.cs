using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Matching.Grains;
using Matching.Kinship;
using Matching.Registry;
using Matching.Registry.Stores;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Api;

/// <summary>
/// Imports of a whole file of registration JSON lines: POST /api/imports reads the upload as it arrives, a batch of
/// lines at a time (never the whole file in memory), commits each batch and records the import's progress and
/// errors; GET /api/imports/{id} shows them, while it runs and after.
/// </summary>
public static class ImportApi
{
    /// <summary>Lines read, validated and committed together; the batch rules (one id, one content) hold within one.</summary>
    private const int BatchLines = 1000;

    public static void MapImportApi(this WebApplication app)
    {
        app.MapPost("/api/imports", Import);
        app.MapGet("/api/imports/{id:long}", async (long id, int? errors, IImportStore imports, CancellationToken cancellationToken) =>
            await imports.FindImportAsync(id, Math.Clamp(errors ?? 1000, 0, 100_000), cancellationToken) is { } progress
                ? Results.Ok(View(progress))
                : Results.NotFound(new { error = $"no import {id}" }));
    }

    private static async Task<IResult> Import(HttpRequest request, KinshipEngine engine, Registrar registrar, IImportStore imports,
        IOptions<RegistryOptions> options, CancellationToken cancellationToken)
    {
        // A national backlog is gigabytes, read a batch at a time: Kestrel's 30 MB default would cut it off mid-file.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var source = request.Headers["X-Matching-Source"].FirstOrDefault() is { Length: > 0 } s ? s : "upload";
        var id = await imports.BeginImportAsync(source, RegistryApi.Actor(request.HttpContext), cancellationToken);
        var reader = new RegistrationReader(engine.Frequencies, options.Value.MinimumLoci);
        using var body = new StreamReader(request.Body, Encoding.UTF8);
        var lines = new StringBuilder();
        var (first, count) = (1, 0);
        for (var line = await body.ReadLineAsync(cancellationToken); ; line = await body.ReadLineAsync(cancellationToken))
        {
            if (line is not null)
            {
                lines.Append(line).Append('\n');
                count++;
            }

            if (count == BatchLines || (line is null && count > 0))
            {
                var batch = await reader.ReadAsync(new StringReader(lines.ToString()), source, first, cancellationToken);
                var errors = batch.Errors.ToList();
                var (created, corrected, unchanged, _) = await RegistryApi.CommitAsync(registrar, batch.Records, source, errors, cancellationToken);
                await imports.RecordBatchAsync(id, batch.Records.Count + batch.Errors.Count, created, corrected, unchanged, errors, cancellationToken);
                (first, count) = (first + count, 0);
                lines.Clear();
            }

            if (line is null)
            {
                break;
            }
        }

        await imports.FinishImportAsync(id, cancellationToken);
        var done = (await imports.FindImportAsync(id, 1000, cancellationToken))!;
        return Results.Created($"/api/imports/{id}", View(done));
    }

    private static object View(ImportProgress progress) => new
    {
        id = progress.Id,
        source = progress.Source,
        requestedBy = progress.RequestedBy,
        startedAt = progress.StartedAt,
        finishedAt = progress.FinishedAt,
        done = progress.FinishedAt is not null,
        records = progress.Records,
        created = progress.Created,
        corrected = progress.Corrected,
        unchanged = progress.Unchanged,
        rejected = progress.Rejected,
        errors = progress.Errors,
    };
}
