using System.Text.Json;
using Matching.Kinship.Contract;
using Matching.Kinship.Power;

namespace Matching.Kinship.Tests;

/// <summary>
/// The simulation against the exact distribution: the true child's draws and the importance-sampled unrelated tail,
/// on the public duo vectors (real NIST genotypes, 20+ loci).
/// </summary>
public sealed class PowerSimulationTests
{
    private static (KinshipEngine Engine, List<KinshipCase> Cases) Vector(string name)
    {
        using var input = File.OpenRead(SharedData.Path("vectors", name + ".input.json"));
        var request = KinshipRequestReader.Read(input, name);
        return (new KinshipEngine(request.Frequencies, request.Mutation, request.Theta), [.. request.Cases.Select(c => c.Case!)]);
    }

    [Fact]
    public void Every_simulated_figure_of_the_public_vectors_lies_within_3_standard_errors_of_its_bracket()
    {
        var (engine, cases) = Vector("power-duo-nist-asian-equal");
        using var expected = JsonDocument.Parse(File.ReadAllText(SharedData.Path("vectors", "power-duo-nist-asian.expected.json")));
        double[] thresholds = [1000, 10000, 100000];
        var checkedFigures = 0;
        foreach (var kinshipCase in cases.Take(8))
        {
            var power = LrSimulation.Power(engine, kinshipCase, thresholds, 4000, 7);
            Assert.Equal(PowerMethod.Simulation, power.Method);
            foreach (var figure in power.Power)
            {
                var brackets = expected.RootElement.GetProperty(kinshipCase.Id).GetProperty(figure.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Within(brackets.GetProperty("unrelated"), figure.Unrelated, figure.UnrelatedStandardError, $"{kinshipCase.Id} unrelated ≥ {figure.Threshold}");
                Within(brackets.GetProperty("trueChild"), figure.TrueChild, figure.TrueChildStandardError, $"{kinshipCase.Id} true child ≥ {figure.Threshold}");
                checkedFigures += 2;
            }
        }

        Assert.Equal(48, checkedFigures);
    }

    private static void Within(JsonElement bracket, double value, double standardError, string what)
    {
        var (lo, hi) = (bracket[0].GetDouble(), bracket[1].GetDouble());
        // A figure of 0 or 1 from the draws has no spread to measure: it must then sit at the bracket's edge within 1/draws.
        var slack = Math.Max(3 * standardError, 1.0 / 4000 * (value is 0 or 1 ? 3 : 0)) + (0.01 * hi);
        Assert.True(value >= lo - slack && value <= hi + slack, $"{what}: {value:R} ± {standardError:G3} outside [{lo:R}, {hi:R}]");
    }

    [Fact]
    public void Importance_sampling_agrees_with_the_exact_tail_down_to_1e_minus_8()
    {
        var (engine, cases) = Vector("power-duo-nist-asian-none");
        var deepest = 1.0;
        foreach (var kinshipCase in cases.Take(6))
        {
            var exact = LrDistribution.Of(engine, kinshipCase);
            // Thresholds from LR 10 up to where the exact tail falls under 10⁻⁸.
            var thresholds = Enumerable.Range(1, 16).Select(k => Math.Pow(10, k)).Where(t => exact.Exceedance(t).Unrelated >= 1e-8).ToList();
            var simulated = LrSimulation.Power(engine, kinshipCase, thresholds, 20000, 11);
            foreach (var figure in simulated.Power)
            {
                var truth = exact.Exceedance(figure.Threshold);
                var (low, high) = truth.UnrelatedBracket;
                var error = Math.Max(0, Math.Max(low - figure.Unrelated, figure.Unrelated - high));
                // Where a threshold sits at the top of what the loci can reach, every tilted draw may land on the same outcome
                // and show no spread: the outcomes it never drew then move the figure by their tilted share, here < 10⁻⁴.
                Assert.True(error <= (3 * figure.UnrelatedStandardError) + (1e-4 * truth.Unrelated),
                    $"{kinshipCase.Id}, LR ≥ {figure.Threshold:G}: simulated {figure.Unrelated:R} ± {figure.UnrelatedStandardError:R}, exact [{low:R}, {high:R}]");
                Assert.True(figure.UnrelatedStandardError < 0.5 * figure.Unrelated, $"{kinshipCase.Id}, LR ≥ {figure.Threshold:G}: a standard error of {figure.UnrelatedStandardError:G3} on {figure.Unrelated:G3} tells nothing");
                deepest = Math.Min(deepest, truth.Unrelated);
            }
        }

        Assert.True(deepest < 1e-7, $"the deepest tail checked was {deepest:G3}");
    }

    [Fact]
    public void The_simulated_true_child_distribution_of_a_duo_matches_the_exact_one()
    {
        var (engine, cases) = Vector("power-duo-nist-asian-equal");
        const int Draws = 20000;
        // Kolmogorov–Smirnov at the 1 % level is 1.63/√n; the exact side is known only to its grid bracket, which is allowed for.
        var bound = 1.63 / Math.Sqrt(Draws);
        foreach (var kinshipCase in cases.Take(4))
        {
            var exact = LrDistribution.Of(engine, kinshipCase);
            var draws = LrSimulation.Draw(LrSimulation.TypedLoci(engine, kinshipCase), Draws, 5);
            Array.Sort(draws);
            var distance = 0.0;
            for (var i = 0; i < Draws; i++)
            {
                if (i > 0 && draws[i] == draws[i - 1])
                {
                    continue;
                }

                // The share of draws below x against P(ln LR < x) = 1 − P(LR ≥ eˣ), a bracket from the grid.
                var below = (double)i / Draws;
                var (low, high) = exact.Exceedance(Math.Exp(draws[i])).TrueChildBracket;
                distance = Math.Max(distance, Math.Max((1 - high) - below, below - (1 - low)));
            }

            Assert.True(distance < bound, $"{kinshipCase.Id}: Kolmogorov–Smirnov distance {distance:G3} ≥ {bound:G3}");
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_figures_and_another_seed_other_draws()
    {
        var (engine, cases) = Vector("power-duo-nist-asian-none");
        var loci = LrSimulation.TypedLoci(engine, cases[0]);
        Assert.Equal(LrSimulation.Draw(loci, 500, 3), LrSimulation.Draw(loci, 500, 3));
        Assert.NotEqual(LrSimulation.Draw(loci, 500, 3), LrSimulation.Draw(loci, 500, 4));
    }

    [Fact]
    public void Simulated_unrelated_exceedance_keeps_to_Markovs_bound()
    {
        var (engine, cases) = Vector("power-duo-nist-asian-equal");
        foreach (var kinshipCase in cases.Take(6))
        {
            foreach (var figure in LrSimulation.Power(engine, kinshipCase, [1, 10, 1e3, 1e6, 1e9], 3000, 2).Power)
            {
                Assert.True(figure.Unrelated <= (1 / figure.Threshold) + (3 * figure.UnrelatedStandardError),
                    $"{kinshipCase.Id}: P(LR ≥ {figure.Threshold:G} | unrelated) = {figure.Unrelated:G4} ± {figure.UnrelatedStandardError:G3}");
            }
        }
    }
}
