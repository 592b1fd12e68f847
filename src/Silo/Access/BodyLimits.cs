using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Matching.Silo.Access;

/// <summary>
/// Each endpoint's body limit, set before its body is read: a declared length over it is refused at once, and a
/// body that grows past it while streaming ends in the same 413, which names the limit.
/// </summary>
public static class BodyLimits
{
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var options = http.RequestServices.GetRequiredService<IOptions<BodyLimitOptions>>().Value;
        var large = http.GetEndpoint()?.Metadata.GetMetadata<LargeBody>() is not null;
        var limit = large ? options.Imports : options.Default;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (http.Request.ContentLength > limit)
        {
            await TooLarge(http, limit, large);
            return;
        }

        try
        {
            await next(http);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !http.Response.HasStarted)
        {
            await TooLarge(http, limit, large);
        }
    });

    private static Task TooLarge(HttpContext http, long limit, bool large) => Results.Json(new Api.ApiError(
        $"the body is over this endpoint's limit of {BodyLimitOptions.Describe(limit)}" +
        (large ? "; split the file" : "; a lab file goes to POST /api/imports, which streams it")), statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(http);
}
