using System.Globalization;

namespace Matching.Client.Commands;

/// <summary>A verb's command line: options (--name value), flags (--name) and the words in between.</summary>
public sealed partial class Arguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    private Arguments()
    {
    }

    public List<string> Words { get; } = [];

    /// <summary>Splits <paramref name="args"/>; <paramref name="flags"/> are the options that take no value.</summary>
    public static Arguments Parse(string[] args, params string[] flags)
    {
        var parsed = new Arguments();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                parsed.Words.Add(arg);
            }
            else if (flags.Contains(arg))
            {
                parsed._options[arg] = null;
            }
            else if (i + 1 < args.Length)
            {
                parsed._options[arg] = args[++i];
            }
            else
            {
                throw new FormatException($"{arg} needs a value");
            }
        }

        return parsed;
    }

    /// <summary>
    /// Splits <paramref name="args"/> by a verb's usage text, its one definition of what it takes: the options it
    /// names, and among them the flags (an option followed by ], ) or |, not by a value).
    /// </summary>
    public static Arguments ParseFor(string[] args, string usage)
    {
        var named = OptionPattern().Matches(usage).Select(m => (Name: m.Groups[1].Value, Flag: m.Groups[2].Success)).ToList();
        var parsed = Parse(args, [.. named.Where(o => o.Flag).Select(o => o.Name).Distinct()]);
        parsed.RejectUnknown([.. named.Select(o => o.Name).Distinct()]);
        return parsed;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(--[a-z][a-z-]*)(\s*[\]\)|])?")]
    private static partial System.Text.RegularExpressions.Regex OptionPattern();

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Text(string name) => _options.GetValueOrDefault(name);

    public double? Number(string name) => _options.GetValueOrDefault(name) is { } text
        ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"{name} {text}: not a number")
        : null;

    public void RejectUnknown(params string[] known)
    {
        if (_options.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new FormatException($"unknown option {unknown}");
        }
    }
}
