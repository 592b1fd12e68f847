using Microsoft.Extensions.Localization;

namespace Matching.Silo.Pages.Shared;

/// <summary>A review state as the office's language says it; the API's name for it (candidate, under-review…) stays in the pages' data attributes.</summary>
public static class ReviewStateText
{
    public static string Of(IStringLocalizer<Text> text, string state) =>
        text["State_" + state] is { ResourceNotFound: false } found ? found.Value : state;
}
