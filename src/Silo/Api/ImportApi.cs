using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;
using Matching.Grains;
using Matching.Kinship;
using Matching.Registry;
using Matching.Registry.Formats;
using Matching.Registry.Stores;
using Matching.Silo.Access;
using Matching.Silo.Services;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Api;

/// <summary>
/// Imports of a whole lab file: POST /api/imports reads the upload, commits it a batch at a time and records the
/// import's progress and errors; GET /api/imports/{id} shows them, while it runs and after. Registration JSON lines
/// are read as they arrive (never the whole file in memory); a CODIS CMF file (Content-Type application/xml) and a
/// GeneMapper ID-X table with its sample manifest (multipart/form-data, parts "table" and "manifest") are read whole,
/// as their readers match specimens and rows across the file, then committed in the same batches.
/// </summary>
public static class ImportApi
{
    private const int CommitsInFlight = 2;

    private sealed record CommittedBatch(RegistrationBatch Batch, List<RecordError> Errors, int Created, int Corrected, int Unchanged, List<long> Searches,
        Task Placed);

    public static void MapImportApi(this WebApplication app)
    {
        var imports = app.MapGroup("/api/imports").WithTags("Submissions").RequireAuthorization(AccessPolicy.Submissions).AuditRequests();
        imports.MapPost("/", Import).Audited("import").WithMetadata(new LargeBody()).RequireRateLimiting(RequestRates.Imports);
        imports.MapGet("/{id:long}", Report).Audited("read-import");
        imports.MapGet("/{id:long}/errors", ErrorLines).Audited("read-import-errors");
    }

    /// <summary>An import's record errors as JSON lines (one {source, record, field, reason} a line), for the pages' download; the report's rules of who may read it.</summary>
    private static async Task<IResult> ErrorLines(long id, HttpContext http, IImportStore imports)
    {
        var (progress, refusal) = await ReadableAsync(id, 100_000, http, imports);
        if (progress is null)
        {
            return refusal!;
        }

        var lines = string.Concat(progress.Errors.Select(e => System.Text.Json.JsonSerializer.Serialize(e, ErrorJson) + "\n"));
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-errors.jsonl\"";
        return Results.Text(lines, "application/x-ndjson", System.Text.Encoding.UTF8);
    }

    private static readonly System.Text.Json.JsonSerializerOptions ErrorJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>An import's report: a national administrator reads any; everyone else only the imports it sent.</summary>
    private static async Task<IResult> Report(long id, int? errors, HttpContext http, IImportStore imports, Services.ImportSearchesService searches)
    {
        var (progress, refusal) = await ReadableAsync(id, Math.Clamp(errors ?? 1000, 0, 100_000), http, imports);
        return progress is null ? refusal! : Results.Ok(View(progress, await searches.ForAsync(progress, http.RequestAborted)));
    }

    /// <summary>The import for a caller who may read it (<see cref="ImportReaders"/>), its errors counted for the audit; otherwise the 404 or 403 to answer.</summary>
    private static async Task<(ImportProgress? Progress, IResult? Refusal)> ReadableAsync(long id, int errors, HttpContext http, IImportStore imports)
    {
        if (await imports.FindImportAsync(id, errors, http.RequestAborted) is not { } progress)
        {
            return (null, Results.NotFound(new ApiError($"no import {id}")));
        }

        if (!ImportReaders.May(http.Caller(), progress))
        {
            return (null, Results.Json(new ApiError($"import {id} was sent by another caller; only its sender or a national administrator may read its report"),
                statusCode: StatusCodes.Status403Forbidden));
        }

        http.Audit().Rows = progress.Errors.Count;
        return (progress, null);
    }

    private static async Task<IResult> Import(HttpRequest request, KinshipEngine engine, Registrar registrar, IImportStore imports, ProvinceScope scope,
        IOptions<RegistryOptions> options, IHostApplicationLifetime lifetime, Services.ImportSearchesService owed, CancellationToken cancellationToken)
    {
        // A national backlog is gigabytes, read a batch at a time, up to the import limit (BodyLimits, LargeBody).
        var source = request.Headers["X-Matching-Source"].FirstOrDefault() is { Length: > 0 } s ? s : "upload";
        if (!UploadSniffer.Declares(request.ContentType, out var format))
        {
            return Results.Json(new ApiError($"Content-Type {UploadSniffer.MediaType(request.ContentType)} is not a format this endpoint reads: " +
                "registration JSON lines (application/x-ndjson), CODIS CMF (application/xml), or a GeneMapper table with its manifest (multipart/form-data)"),
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var body = request.Body;
        if (format is null)
        {
            (format, body) = await UploadSniffer.SniffAsync(request.Body, cancellationToken);
            if (format is null)
            {
                return Results.Json(new ApiError("the upload is neither registration JSON lines (each line a JSON object, starting with {) nor " +
                    "CODIS CMF XML (starting with <); a GeneMapper table goes as multipart/form-data with the parts \"table\" and \"manifest\""),
                    statusCode: StatusCodes.Status415UnsupportedMediaType);
            }
        }

        var rules = new ProfileRules(engine.Frequencies, options.Value.MinimumLoci);
        var batches = Channel.CreateBounded<RegistrationBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A silo told to stop reads no further: the batches read are committed and the rest is handed back to the client.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, lifetime.ApplicationStopping);
        Func<Task> read;
        if (format == UploadFormat.GeneMapper)
        {
            // Form parts beyond a small size are buffered to disk by the server, not held in memory.
            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = long.MaxValue }, cancellationToken);
            if (form.Files["table"] is not { } table || form.Files["manifest"] is not { } manifestFile)
            {
                return Results.BadRequest(new ApiError("a GeneMapper import is a form with two files: \"table\" (the genotype table) and \"manifest\" " +
                    $"(the columns {string.Join(",", SampleManifest.Required)}, and caseId, role, sex where records need them)"));
            }

            SampleManifest manifest;
            try
            {
                using var manifestText = new StreamReader(manifestFile.OpenReadStream(), Encoding.UTF8);
                manifest = await SampleManifest.ReadAsync(manifestText, manifestFile.FileName is { Length: > 0 } m ? m : "manifest", cancellationToken);
            }
            catch (FormatException e)
            {
                return Results.BadRequest(new ApiError(e.Message));
            }

            source = table.FileName is { Length: > 0 } name ? name : source;
            read = () => ReadWhole(batches.Writer, options.Value.ImportBatch, rules, async collector =>
            {
                using var text = new StreamReader(table.OpenReadStream(), Encoding.UTF8);
                await GeneMapperReader.ReadAsync(text, source, manifest, collector, reading.Token);
            }, reading.Token);
        }
        else if (format == UploadFormat.Cmf)
        {
            // Committed in batches as the XML arrives: a CMF file is never held whole.
            read = () => ReadWhole(batches.Writer, options.Value.ImportBatch, rules, collector => CmfReader.ReadAsync(body, source, collector, reading.Token), reading.Token,
                streamed: true);
        }
        else
        {
            // Reading and validating the next batches overlaps committing this one: the two use different cores (and
            // the commit, PostgreSQL's). Two batches ahead at most, so the upload is still never whole in memory.
            var reader = new RegistrationReader(engine.Frequencies, options.Value.MinimumLoci);
            read = () => ReadBatches(body, reader, source, options.Value.ImportBatch, batches.Writer, reading.Token);
        }

        var caller = request.HttpContext.Caller();
        var reason = UploadReason(request);
        var id = await imports.BeginImportAsync(source, caller.Subject, cancellationToken);
        request.HttpContext.Audit().Ids.Add($"import {id}");
        var readingTask = Task.Run(read, CancellationToken.None);
        var (placed, recorded) = (Task.CompletedTask, Task.CompletedTask);
        var committing = new Queue<(Task<CommittedBatch> Commit, HashSet<string> Touches)>();
        async Task<CommittedBatch> Commit(RegistrationBatch batch)
        {
            var errors = batch.Errors.ToList();
            var admitted = await scope.AdmitAsync(caller, batch.Records, source, reason, errors, cancellationToken);
            var (created, corrected, unchanged, searches, placing) = await RegistryApi.CommitAsync(registrar, admitted, source, errors, cancellationToken);
            return new CommittedBatch(batch, errors, created, corrected, unchanged, searches, placing);
        }

        async Task Finish(CommittedBatch done)
        {
            await placed;
            placed = done.Placed;
            // A batch's counts and errors are written while the next batches commit: their own transaction, and its
            // wait for the disk, overlap the commits instead of following them.
            await recorded;
            recorded = imports.RecordBatchAsync(id, done.Batch.Records.Count + done.Batch.Errors.Count, done.Created, done.Corrected, done.Unchanged,
                done.Errors, done.Batch.Warnings, done.Searches, cancellationToken);
        }

        var handedBack = false;
        try
        {
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
                {
                    // Two batches commit at once, each in its own transaction: PostgreSQL works on one while the silo
                    // sends the other. A batch that touches an id or a case of a batch still committing waits for it,
                    // so that a file that registers a profile and later corrects it ends with the correction.
                    var touches = Touches(batch);
                    while (committing.Count > 0 && (committing.Count == CommitsInFlight || committing.Any(c => c.Touches.Overlaps(touches))))
                    {
                        await Finish(await committing.Dequeue().Commit);
                    }

                    committing.Enqueue((Commit(batch), touches));
                }
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                handedBack = true;
            }

            while (committing.Count > 0)
            {
                await Finish(await committing.Dequeue().Commit);
            }

            await Task.WhenAll(placed, recorded);
        }
        finally
        {
            await stop.CancelAsync();
        }

        await readingTask;
        await imports.FinishImportAsync(id, cancellationToken);
        var done = (await imports.FindImportAsync(id, 1000, cancellationToken))!;
        request.HttpContext.Audit().Rows = done.Created + done.Corrected;
        if (handedBack)
        {
            // What was committed stays; sent again (to any silo), those records come back unchanged and the rest is read.
            request.HttpContext.Response.Headers.RetryAfter = "5";
            return Results.Json(new HandedBack($"this silo is stopping: the first {done.Records} records of {source} were read and committed " +
                "(import " + id + "); send the whole file again to the registry, and the committed records will be unchanged",
                View(done, await owed.ForAsync(done, cancellationToken))),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Created($"/api/imports/{id}", View(done, await owed.ForAsync(done, cancellationToken)));
    }

    /// <summary>An import the silo stopped reading because it is shutting down, with what it committed.</summary>
    private sealed record HandedBack(string Error, object Import);

    /// <summary>The ids and cases a batch writes.</summary>
    private static HashSet<string> Touches(RegistrationBatch batch)
    {
        var touches = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in batch.Records)
        {
            touches.Add(record.Id);
            if (record.CaseId is { } caseId)
            {
                touches.Add("case " + caseId);
            }
        }

        return touches;
    }

    /// <summary>
    /// A file its reader takes whole, then handed on in batches (its errors and warnings with the first); or, for a
    /// reader that streams, handed on a batch at a time as it reads.
    /// </summary>
    private static async Task ReadWhole(ChannelWriter<RegistrationBatch> batches, int batchLines, ProfileRules rules, Func<BatchCollector, Task> readInto,
        CancellationToken cancellationToken, bool streamed = false)
    {
        try
        {
            var collector = streamed
                ? new BatchCollector(rules) { FlushAt = batchLines, Flush = batch => batches.WriteAsync(batch, cancellationToken).AsTask() }
                : new BatchCollector(rules);
            await readInto(collector);
            var whole = collector.Build();
            var chunks = whole.Records.Chunk(batchLines).ToList();
            for (var i = 0; i < Math.Max(1, chunks.Count); i++)
            {
                await batches.WriteAsync(new RegistrationBatch(
                    i < chunks.Count ? chunks[i] : [], i == 0 ? whole.Errors : [], i == 0 ? whole.Warnings : []), cancellationToken);
            }

            batches.Complete();
        }
        catch (Exception e)
        {
            batches.Complete(e);
        }
    }

    /// <summary>Reads the upload a batch of lines at a time and validates each batch; completes the writer with any failure.</summary>
    private static async Task ReadBatches(Stream upload, RegistrationReader reader, string source, int batchLines, ChannelWriter<RegistrationBatch> batches,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in reader.ReadBatchesAsync(upload, source, batchLines, cancellationToken: cancellationToken))
            {
                await batches.WriteAsync(batch, cancellationToken);
            }

            batches.Complete();
        }
        catch (Exception e)
        {
            batches.Complete(e);
        }
    }

    private static object View(ImportProgress progress, Services.ImportSearches searches) => new
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
        warned = progress.Warned,
        warnings = progress.Warnings,
        searches,
    };

    /// <summary>
    /// X-Matching-Reason, percent-encoded UTF-8 (a header is ASCII): why an upload's corrections are made, for each
    /// record that does not say so itself.
    /// </summary>
    internal static string? UploadReason(HttpRequest request) =>
        request.Headers["X-Matching-Reason"].FirstOrDefault() is { } reason && !string.IsNullOrWhiteSpace(reason) ? Uri.UnescapeDataString(reason).Trim() : null;
}
