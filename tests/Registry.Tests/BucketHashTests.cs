namespace Matching.Registry.Tests;

/// <summary>The bucket hash is stored with every profile and case: it must never change.</summary>
public sealed class BucketHashTests
{
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void A_key_hashes_as_fnv_1a_of_its_utf8_folded_to_a_non_negative_int(string key, uint fnv1a)
    {
        // The published FNV-1a 32-bit test values.
        Assert.Equal((int)(fnv1a & 0x7fffffff), BucketHash.Of(key));
    }

    [Fact]
    public void Long_and_non_ascii_keys_hash_their_utf8_bytes()
    {
        foreach (var key in new[] { "P-四川-1", "C-𝔸", new string('x', 300) + "é", new string('é', 1000) })
        {
            var hash = 2166136261u;
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
            {
                hash = (hash ^ b) * 16777619u;
            }

            Assert.Equal((int)(hash & 0x7fffffff), BucketHash.Of(key));
        }
    }
}
