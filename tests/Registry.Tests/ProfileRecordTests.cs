using System.Security.Cryptography;
using System.Text;
using Matching.Kinship;

namespace Matching.Registry.Tests;

/// <summary>The content hash decides whether a registration is new, the same, or a correction: it must never drift.</summary>
public sealed class ProfileRecordTests
{
    [Fact]
    public void The_content_hash_is_sha256_of_the_documented_text_whatever_order_the_loci_came_in()
    {
        var people = new Families(9);
        for (var i = 0; i < 100; i++)
        {
            var loci = people.Person();
            var shuffled = loci.OrderBy(_ => Random.Shared.Next()).ToDictionary(l => l.Key, l => l.Value);
            var reference = i % 2 == 0;
            var record = new ProfileRecord($"P-{i}", reference ? ProfileCategory.FamilyReference : ProfileCategory.UnknownParentage,
                reference ? "C-1" : null, reference ? Role.Mother : null, "Yunnan", Sex.Female, shuffled);

            var text = $"{(reference ? "family-reference|C-1|mother" : "unknown-parentage||")}|Yunnan|F" +
                string.Concat(loci.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"|{l.Key}={l.Value.First},{l.Value.Second}"));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), record.ContentHash);
        }
    }
}
