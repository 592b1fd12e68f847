using Matching.Grains;
using Matching.Silo.Access;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Matching.Silo.Telemetry;

/// <summary>
/// Metrics and traces with OpenTelemetry: the registry's meter (<see cref="RegistryMetrics"/>) beside those of
/// Orleans, Npgsql and ASP.NET Core, scraped by Prometheus at /metrics (operators and national administrators only);
/// traces of API requests into Orleans' calls, sent by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT names a collector.
/// </summary>
public static class RegistryTelemetry
{
    public const string ScrapePath = "/metrics";

    private static readonly string[] Meters =
    [
        RegistryMetrics.MeterName, "Microsoft.Orleans", "Npgsql", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Authentication", "Microsoft.AspNetCore.Authorization",
    ];

    public static IServiceCollection AddRegistryTelemetry(this IServiceCollection services)
    {
        var otlp = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                // The API request, then the grain calls it makes (Orleans' activity sources), then Npgsql's commands.
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", "Npgsql");
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        services.AddHostedService<PendingSearchesGauge>();
        return services;
    }

    public static void MapRegistryTelemetry(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint(ScrapePath).RequireAuthorization(AccessPolicy.Operations).WithTags("Operations");
}
