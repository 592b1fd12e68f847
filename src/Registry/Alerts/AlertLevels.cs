namespace Matching.Registry.Alerts;

/// <summary>The LR from which a new candidate is an alert, unless an office's subscription asks for another.</summary>
public static class AlertLevels
{
    public const double Default = 10_000;
}
