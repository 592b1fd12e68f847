using Matching.Silo.Access;
using Matching.Silo.Pages.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;

namespace Matching.Silo.Pages;

/// <summary>
/// The offices' pages: server-rendered Razor components under the API's own policies, their stylesheet and the
/// inbox's live script (embedded, so a silo run from anywhere serves them), signing out, and the language switch.
/// </summary>
public static class PageEndpoints
{
    public static readonly string[] Cultures = ["en", "zh-CN"];

    public static IServiceCollection AddPages(this IServiceCollection services, bool database)
    {
        // Sessions and antiforgery tokens are protected with a key ring every silo shares: PostgreSQL's, where there is one.
        services.AddDataProtection().SetApplicationName("matching");
        if (database)
        {
            services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
                .Configure<Registry.Database.RegistryDatabase>((keys, registry) => keys.XmlRepository = new PostgresKeyRing(registry));
        }

        services.AddRazorComponents();
        services.AddLocalization();
        services.AddSingleton<Services.InboxService>();
        return services;
    }

    /// <summary>
    /// The office's language from its cookie (set at sign-in or by the switch), else the browser's, else English. A
    /// process built with invariant globalization (no ICU) cannot hold these cultures: its pages stay in English.
    /// </summary>
    public static IApplicationBuilder UsePageCulture(this IApplicationBuilder app)
    {
        if (!CulturesAvailable())
        {
            return app;
        }

        return app.UseRequestLocalization(options =>
        {
            options.SetDefaultCulture("en").AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            options.ApplyCurrentCultureToResponseHeaders = true;
        });
    }

    private static bool CulturesAvailable()
    {
        try
        {
            return Cultures.All(c => System.Globalization.CultureInfo.GetCultureInfo(c).Name == c);
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return false;
        }
    }

    public static void MapPages(this WebApplication app)
    {
        app.MapGet("/pages.css", () => Embedded("pages.css", "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/live.js", () => Embedded("live.js", "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(PageSession.SchemeName);
            return Results.Redirect("/signin");
        }).ExcludeFromDescription();
        app.MapGet("/language", (string? to, string? back, HttpContext http) =>
        {
            var culture = Cultures.Contains(to) ? to! : "en";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Expires = DateTimeOffset.UtcNow.AddYears(1) });
            return Results.Redirect(PageLinks.IsLocal(back) ? back! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        // blazor.web.js, for enhanced navigation: links patch the page instead of loading it anew. Every page reads
        // without it, so a build that lacks the assets' manifest serves the pages all the same.
        var assets = Path.Combine(AppContext.BaseDirectory, $"{typeof(PageEndpoints).Assembly.GetName().Name}.staticwebassets.endpoints.json");
        if (File.Exists(assets))
        {
            app.MapStaticAssets(assets).AllowAnonymous();
        }

        app.MapRazorComponents<App>();
    }

    private static IResult Embedded(string name, string contentType)
    {
        using var stream = typeof(PageEndpoints).Assembly.GetManifestResourceStream($"Matching.Silo.Pages.{name}")
            ?? throw new InvalidOperationException($"the pages' {name} is not embedded");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), contentType);
    }
}
