using Microsoft.Playwright;

namespace Matching.Registry.Tests;

/// <summary>
/// Debian's chromium, driven by Playwright (whose own browser download is not reachable here), and where the pages'
/// screenshots are kept: artifacts/pages beside the test assembly.
/// </summary>
internal static class HeadlessChromium
{
    private const string Executable = "/usr/bin/chromium";

    public static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts", "pages");

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.True(File.Exists(Executable), $"the browser tests need Debian's chromium at {Executable} (.ci/run installs it)");
        Directory.CreateDirectory(Artifacts);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            // As root chromium needs --no-sandbox; the rest keeps it from calling out of this closed machine.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }

    public static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });
}
