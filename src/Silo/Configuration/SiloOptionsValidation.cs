using Microsoft.Extensions.Options;

namespace Matching.Silo.Configuration;

/// <summary>The silo's options checked before anything starts, each problem naming the option it is about.</summary>
public sealed class SiloOptionsValidation : IValidateOptions<SiloOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloOptions options) =>
        Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    public static IReadOnlyList<string> Problems(SiloOptions options)
    {
        var problems = new List<string>();
        void Require(bool holds, string problem)
        {
            if (!holds)
            {
                problems.Add(problem);
            }
        }

        Require(options.Buckets >= 1, $"--buckets {options.Buckets}: at least 1");
        Require(options.ReportingThreshold > 0, $"--threshold {options.ReportingThreshold}: above 0");
        Require(options.Theta is >= 0 and < 1, $"--theta {options.Theta}: in [0, 1)");
        Require(options.MinimumLoci >= 1, $"--min-loci {options.MinimumLoci}: at least 1");
        Require(options.AnchorClasses is >= 1 and <= 64, $"--anchor-classes {options.AnchorClasses}: from 1 to 64");
        Require(options.SearchesInFlight >= 0, $"--searches-in-flight {options.SearchesInFlight}: at least 0");
        Require(options.SearchBatch >= 1, $"--search-batch {options.SearchBatch}: at least 1");
        Require(options.ImportBatch >= 1, $"--import-batch {options.ImportBatch}: at least 1");
        Require(options.MaxSearchFailures >= 1, $"--search-failures {options.MaxSearchFailures}: at least 1");
        Require(options.PriorRegistered is > 0 and <= 1, $"--prior-registered {options.PriorRegistered}: in (0, 1]");
        Require(options.AlertAttempts >= 1, $"--alert-attempts {options.AlertAttempts}: at least 1");
        Require(options.SignInFailures >= 1, $"--sign-in-failures {options.SignInFailures}: at least 1");
        Require(options.AlertFirstRetry > TimeSpan.Zero, "--alert-retry-ms: above 0");
        Require(options.StreamPoll > TimeSpan.Zero, "--stream-poll-ms: above 0");
        Require(options.ShutdownTimeout > TimeSpan.Zero, "--shutdown-seconds: above 0");
        Require(options.BodyLimit >= 1, "--body-limit-mb: above 0");
        Require(options.ImportBodyLimit >= 1, "--import-limit-mb: above 0");
        Require(options.SiloPort is >= 0 and <= 65535, $"--silo-port {options.SiloPort}: a port from 0 to 65535");
        Require(options.GatewayPort is >= 0 and <= 65535, $"--gateway-port {options.GatewayPort}: a port from 0 to 65535");
        Require(!string.IsNullOrWhiteSpace(options.ClusterId), "--cluster-id: not empty");
        Require(!string.IsNullOrWhiteSpace(options.Urls), "--urls: not empty");
        Require(options.AdvertisedAddress is not { Length: > 0 } ip || System.Net.IPAddress.TryParse(ip, out _),
            $"--advertise-ip {options.AdvertisedAddress}: not an IP address");
        Require(options.AnchorLoci is not { Count: 0 }, "--anchors: at least one locus");
        Require(options.ScanLoci is not { Count: 0 }, "--scan-loci: at least one locus");
        return problems;
    }
}
