using Microsoft.Extensions.Options;

namespace Matching.Grains;

/// <summary>The registry's options checked when the host starts, so a wrong one stops the silo instead of its first search.</summary>
public sealed class RegistryOptionsValidation : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        var problems = new List<string>();
        void Require(bool holds, string problem)
        {
            if (!holds)
            {
                problems.Add(problem);
            }
        }

        Require(options.ReportingThreshold > 0, $"ReportingThreshold {options.ReportingThreshold}: above 0");
        Require(options.MinimumLoci >= 1, $"MinimumLoci {options.MinimumLoci}: at least 1");
        Require(options.Buckets >= 1, $"Buckets {options.Buckets}: at least 1");
        Require(options.ScanLoci.Count > 0, "ScanLoci: at least one locus");
        Require(options.AnchorClasses is >= 1 and <= 64, $"AnchorClasses {options.AnchorClasses}: from 1 to 64");
        Require(options.MutationWindow >= 0, $"MutationWindow {options.MutationWindow}: at least 0");
        Require(options.ResearchConcurrency >= 1, $"ResearchConcurrency {options.ResearchConcurrency}: at least 1");
        Require(options.SearchesInFlight >= 0, $"SearchesInFlight {options.SearchesInFlight}: at least 0");
        Require(options.SearchBatch >= 1, $"SearchBatch {options.SearchBatch}: at least 1");
        Require(options.ImportBatch >= 1, $"ImportBatch {options.ImportBatch}: at least 1");
        Require(options.MaxSearchFailures >= 1, $"MaxSearchFailures {options.MaxSearchFailures}: at least 1");
        Require(options.PriorRegistered is > 0 and <= 1, $"PriorRegistered {options.PriorRegistered}: in (0, 1]");
        Require(options.SweepPeriod > TimeSpan.Zero, "SweepPeriod: above 0");
        Require(options.StalledAfter >= TimeSpan.Zero, "StalledAfter: not negative");
        return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
