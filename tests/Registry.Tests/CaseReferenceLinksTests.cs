using Matching.Grains.Buckets;

namespace Matching.Registry.Tests;

/// <summary>
/// The case bucket's links of references to cases against the dictionaries they replace, written out here as the
/// bucket kept them: case to (revision, references) and reference to case, over random revisions, moves and returns.
/// </summary>
public sealed class CaseReferenceLinksTests
{
    [Fact]
    public void Ids_are_numbered_in_the_order_first_seen_and_read_back_as_given()
    {
        var numbers = new Utf8Numbers();
        var ids = Enumerable.Range(0, 5000).Select(i => i % 7 == 0 ? $"案件-{i}-父" : $"C{i}").ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.Equal(-1, numbers.Find(ids[i]));
            Assert.Equal(i, numbers.Number(ids[i]));
        }

        // Asked again, through every growth of the table and the arena: the same numbers, and nothing new.
        for (var i = ids.Count - 1; i >= 0; i--)
        {
            Assert.Equal(i, numbers.Number(ids[i]));
            Assert.Equal(i, numbers.Find(ids[i]));
            Assert.Equal(ids[i], numbers.Id(i));
        }

        Assert.Equal(ids.Count, numbers.Count);
        Assert.Equal(-1, numbers.Find("C5000"));
        Assert.Equal(-1, numbers.Find(""));
        Assert.Equal(ids.Count, numbers.Number(""));
        Assert.Equal("", numbers.Id(ids.Count));
    }

    [Fact]
    public void Revisions_drop_the_references_that_left_a_case_as_the_dictionaries_did()
    {
        var random = new Random(2026);
        var links = new CaseReferenceLinks();
        var model = new Model();
        var revisions = new Dictionary<string, int>();
        for (var step = 0; step < 20_000; step++)
        {
            var caseId = $"C{random.Next(300)}";
            // Mostly a newer revision; now and then an older one, which changes nothing.
            var revision = revisions.GetValueOrDefault(caseId) + random.Next(-1, 3);
            revisions[caseId] = Math.Max(revision, revisions.GetValueOrDefault(caseId));
            // Up to three references, drawn from a pool small enough that references move between cases and back.
            var references = Enumerable.Range(0, random.Next(4)).Select(_ => $"R{random.Next(500)}").Distinct().ToList();

            var departed = new List<string>();
            var linked = links.Link(caseId, revision, references, departed);
            var (expectedLinked, expectedDeparted) = model.Hold(caseId, revision, references);

            Assert.Equal(expectedLinked, linked);
            Assert.Equal(expectedDeparted.Order(StringComparer.Ordinal), departed.Order(StringComparer.Ordinal));
        }

        for (var r = 0; r < 500; r++)
        {
            Assert.Equal(model.CaseOf.GetValueOrDefault($"R{r}"), links.CaseOf($"R{r}"));
        }

        // A case's chain holds exactly the references whose case it is.
        for (var c = 0; c < 300; c++)
        {
            var owned = model.CaseOf.Where(p => p.Value == $"C{c}").Select(p => p.Key).Order(StringComparer.Ordinal);
            Assert.Equal(owned, links.ReferencesOf($"C{c}").Order(StringComparer.Ordinal));
        }
    }

    /// <summary>The bucket's bookkeeping before the links, kept as it was.</summary>
    private sealed class Model
    {
        private readonly Dictionary<string, (int Revision, string[] References)> _referencesOf = new(StringComparer.Ordinal);

        public Dictionary<string, string> CaseOf { get; } = new(StringComparer.Ordinal);

        public (bool Linked, List<string> Departed) Hold(string caseId, int revision, List<string> references)
        {
            var departed = new List<string>();
            if (_referencesOf.TryGetValue(caseId, out var held))
            {
                if (held.Revision > revision)
                {
                    return (false, departed);
                }

                foreach (var gone in held.References.Except(references))
                {
                    if (CaseOf.GetValueOrDefault(gone) == caseId)
                    {
                        CaseOf.Remove(gone);
                        departed.Add(gone);
                    }
                }
            }

            foreach (var reference in references)
            {
                CaseOf[reference] = caseId;
            }

            _referencesOf[caseId] = (revision, [.. references]);
            return (true, departed);
        }
    }
}
