using System.Globalization;

namespace Matching.Kinship.Tests;

/// <summary>Locus aliases, allele labels and the two table formats.</summary>
public sealed class FrequencyTableTests
{
    [Theory]
    [InlineData("VWA", "vWA")]
    [InlineData("vWA", "vWA")]
    [InlineData("PentaD", "Penta D")]
    [InlineData("Penta_D", "Penta D")]
    [InlineData("penta d", "Penta D")]
    [InlineData("THO1", "TH01")]
    [InlineData("d3s1358", "D3S1358")]
    public void Loci_have_one_canonical_spelling(string given, string canonical) => Assert.Equal(canonical, LocusName.Normalize(given));

    [Theory]
    [InlineData("10.0", "10")]
    [InlineData(" 9.3 ", "9.3")]
    [InlineData("ol", "OL")]
    [InlineData("015", "15")]
    [InlineData("16.30", "16.3")]
    [InlineData("0.5", "0.5")]
    [InlineData("9.10", "9.1")]
    [InlineData("22.2", "22.2")]
    [InlineData("15", "15")]
    public void Allele_labels_compare_as_numbers_where_they_parse(string given, string normalized) => Assert.Equal(normalized, AlleleLabel.Normalize(given));

    [Fact]
    public void Labels_already_in_their_one_spelling_agree_with_the_decimal_rule()
    {
        // Normalize and IsWellFormed skip the decimal parse for plain labels; the rule they must agree with is written here.
        var random = new Random(12);
        var symbols = "0123456789.0123456789. xOL-";
        for (var i = 0; i < 20_000; i++)
        {
            var label = new string([.. Enumerable.Range(0, 1 + random.Next(6)).Select(_ => symbols[random.Next(symbols.Length)])]);
            var parses = decimal.TryParse(label.Trim(), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value);
            var expected = parses ? value.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture) : label.Trim().ToUpperInvariant();
            Assert.Equal(expected, AlleleLabel.Normalize(label));
            var wellFormed = label.Trim().Length is > 0 and <= 12 && (parses ? value is > 0 and < 1000 : label.Trim().ToUpperInvariant() is "OL" or "X" or "Y");
            Assert.True(wellFormed == AlleleLabel.IsWellFormed(label), $"'{label}'");
        }
    }

    [Fact]
    public void An_allele_is_found_at_its_place_in_the_table_by_its_common_number_or_its_text()
    {
        var labels = new[] { "0", "00", "1", "01", "9", "9.3", "09.3", "9.0", "9.4", "10", "10.1", "99.3", "100", "1.", ".1", "OL", "X", "22.2", "" };
        foreach (var locus in FrequencyTable.DefaultEastAsia().Loci)
        {
            foreach (var label in labels.Concat(locus.Alleles).Concat(locus.Alleles.Select(a => a + "0")))
            {
                // A copy, so that no label is the table's own string.
                var copy = new string(label.AsSpan());
                Assert.Equal(locus.Alleles.ToList().IndexOf(label), locus.IndexOf(copy));
            }
        }

        Assert.Equal([-1, -1, 4, -1, 37, 396, 399, -1], new[] { "0", "01", "1", "9.", "9.1", "99", "99.3", "99.4" }.Select(AlleleLabel.CommonCode));
        Assert.Equal(AlleleLabel.CommonCode("12.2"), AlleleLabel.CommonCode("12.2"u8));
        for (var code = 4; code < AlleleLabel.CommonCodes; code++)
        {
            var label = code % 4 == 0 ? $"{code / 4}" : $"{code / 4}.{code % 4}";
            Assert.Equal(code, AlleleLabel.CommonCode(label));
            Assert.Equal(decimal.Parse(label, CultureInfo.InvariantCulture).ToString("0.##########", CultureInfo.InvariantCulture), AlleleLabel.Normalize(label));
            Assert.True(AlleleLabel.IsWellFormed(label));
        }
    }

    [Fact]
    public void The_Familias_list_reads_and_normalises()
    {
        var text = "VWA\n14\t0.2\n15\t0.6\n\nTHO1\n6\t1\n7\t3\n";
        var table = FrequencyTable.ReadFamilias(new StringReader(text), "test.txt");
        Assert.Equal(["vWA", "TH01"], table.Loci.Select(l => l.Locus));
        Assert.Equal(0.25, table["vWA"]!.Frequencies[0], 12);
        Assert.Equal(0.75, table["TH01"]!.Frequencies[1], 12);
    }

    [Fact]
    public void The_shared_csv_reads_with_its_N_row_and_minimum_frequency()
    {
        var table = FrequencyTable.Read(SharedData.Path("data", "frequencies", "nist1036-Asian-freqs.csv"));
        var d6 = table["D6S1043"]!;
        Assert.Equal(194, d6.AllelesCounted);
        Assert.Equal(5.0 / 194, d6.MinimumFrequency, 12);
        Assert.Equal(1.0, d6.Frequencies.Sum(), 9);
        Assert.NotNull(FrequencyTable.DefaultEastAsia()["D6S1043"]);
    }

    [Fact]
    public void A_malformed_table_line_names_file_line_and_locus()
    {
        var error = Assert.Throws<FrequencyTableException>(() =>
            FrequencyTable.ReadFamilias(new StringReader("D3S1358\n14\tmany\n"), "bad.txt"));
        Assert.Contains("bad.txt, line 2, locus D3S1358", error.Message);
    }
}
