using System.Net;
using Matching.Kinship;
using Matching.Silo;

namespace Matching.Registry.Tests;

/// <summary>A new registry's first start: one national administrator key, in a file only its owner reads, and where it is.</summary>
public sealed class FirstStartTests
{
    [Fact]
    public async Task The_first_start_writes_an_administrator_key_readable_by_its_owner_and_says_where()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"matching-first-{Guid.NewGuid():N}");
        var console = new StringWriter();
        var options = new SiloOptions
        {
            InMemory = true,
            DataFolder = folder,
            Urls = "http://127.0.0.1:0",
            SiloPort = LoopbackPort.Free(),
            GatewayPort = LoopbackPort.Free(),
            Mutation = MutationModel.None,
        };
        try
        {
            await using var host = await RegistryHost.StartAsync(options, console);
            var file = Path.Combine(folder, "admin.key");
            Assert.Contains(file, console.ToString(), StringComparison.Ordinal);
            Assert.Equal(host.AdminKey, (await File.ReadAllTextAsync(file)).Trim());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            using var anonymous = SiloUnderTest.ClientFor(host.Url, null);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/stats")).StatusCode);
            using var admin = SiloUnderTest.ClientFor(host.Url, host.AdminKey);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/stats")).StatusCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
