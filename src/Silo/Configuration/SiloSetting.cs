namespace Matching.Silo.Configuration;

/// <summary>
/// One setting of a silo, defined once: its command-line switch, the configuration key the environment and
/// appsettings.json give it by (<c>Matching:Key</c>, <c>MATCHING__Key</c>), its help, how its text sets the options
/// and how the options' default reads in the help.
/// </summary>
/// <param name="Switch">The command-line switch, such as <c>--threshold</c>.</param>
/// <param name="Value">The value's placeholder in the help; null for a flag, which takes no value on the command line.</param>
/// <param name="Help">What the setting does, without its default.</param>
/// <param name="Apply">Sets the options from the setting's text; throws <see cref="FormatException"/> naming the reason.</param>
/// <param name="Default">The default as the help shows it, read from fresh options; null shows none.</param>
public sealed record SiloSetting(string Switch, string? Value, string Help, Action<SiloOptions, string> Apply, Func<SiloOptions, string?>? Default = null)
{
    /// <summary>The key under the <c>Matching</c> section: the switch in Pascal case (<c>--stream-poll-ms</c> is <c>StreamPollMs</c>).</summary>
    public string Key { get; } = string.Concat(Switch.TrimStart('-').Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));

    public bool IsFlag => Value is null;
}
