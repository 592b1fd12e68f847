using System.Net;
using System.Net.Sockets;
using Matching.Kinship;

namespace Matching.Silo;

/// <summary>What a silo checks before it touches a database: its files, its folder and its ports.</summary>
public static class StartupChecks
{
    public static FrequencyTable Frequencies(SiloOptions options)
    {
        if (options.Frequencies is not { } path)
        {
            return FrequencyTable.DefaultEastAsia();
        }

        if (!File.Exists(path))
        {
            throw new StartupException($"--frequencies {path}: no such file", StartupException.NoInput);
        }

        try
        {
            return FrequencyTable.Read(path);
        }
        catch (Exception e) when (e is FrequencyTableException or IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"--frequencies {path}: {e.Message}", StartupException.NoInput, e);
        }
    }

    public static void DataFolder(SiloOptions options)
    {
        if (File.Exists(options.DataFolder))
        {
            throw new StartupException($"--data {options.DataFolder} is a file; the data folder must be a folder (or not exist yet)", StartupException.CannotCreate);
        }
    }

    /// <summary>The HTTP port and the two Orleans ports are free; a second silo on one machine needs ports of its own.</summary>
    public static void Ports(SiloOptions options)
    {
        var orleans = options.AdvertisedAddress is { Length: > 0 } ip && IPAddress.TryParse(ip, out var advertised) && !IPAddress.IsLoopback(advertised)
            ? IPAddress.Any
            : IPAddress.Loopback;
        Free(orleans, options.SiloPort, "--silo-port");
        Free(orleans, options.GatewayPort, "--gateway-port");
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                throw new StartupException($"--urls {url}: not a URL such as http://127.0.0.1:5080", SiloOptions.UsageExitCode);
            }

            var host = uri.Host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host, out var address) ? address : IPAddress.Any;
            if (uri.Port > 0)
            {
                Free(host, uri.Port, "--urls");
            }
        }
    }

    private static void Free(IPAddress address, int port, string option)
    {
        if (port == 0)
        {
            return;
        }

        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new StartupException($"port {port} ({option}) on {address} is {(e.SocketErrorCode == SocketError.AccessDenied ? "not allowed" : "in use")}: " +
                "another silo on this machine? give it ports of its own (--urls, --silo-port, --gateway-port)", StartupException.PortInUse, e);
        }
        finally
        {
            listener.Stop();
        }
    }
}
