namespace Il6Bot.Hosting;

/// <summary>
/// Kestrel takes a port it cannot read as part of the host name and then listens on port 80 of every
/// interface (<c>Urls=http://127.0.0.1:notaport</c> gives <c>http://[::]:80</c>). So each address in
/// <c>Urls</c> must be <c>http(s)://host:port</c> with a readable host and a port from 0 to 65535, or
/// start-up stops naming <c>Urls</c>. The address is not quoted: a value in the wrong key can be a secret.
/// </summary>
public static class ListenAddressCheck
{
    private const string ExpectedForm =
        "http://host:port or https://host:port with a port from 0 to 65535, e.g. http://127.0.0.1:5080 (several separated by ';')";

    /// <exception cref="StartupException">An address in <c>Urls</c> is malformed.</exception>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(urls))
        {
            return;
        }

        // Split as Kestrel splits, untrimmed: it refuses " http://..." too.
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < addresses.Length; i++)
        {
            if (!IsValid(addresses[i]))
            {
                var which = addresses.Length == 1 ? "the address" : $"address {i + 1} of {addresses.Length}";
                throw new StartupException($"Urls: {which} is not {ExpectedForm}.");
            }
        }
    }

    internal static bool IsValid(string address)
    {
        BindingAddress parsed;
        try
        {
            parsed = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return false;
        }

        if (parsed.IsUnixPipe || parsed.IsNamedPipe)
        {
            return true;
        }

        // A port BindingAddress could not read stays in Host ("127.0.0.1:notaport"), which then is no host name.
        return (parsed.Scheme.Equals(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase)
                || parsed.Scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            && parsed.Port is >= 0 and <= 65535
            && string.IsNullOrEmpty(parsed.PathBase)
            && IsHost(parsed.Host);
    }

    // "*" and "+" are Kestrel's any-interface wildcards; IPv6 literals come bracketed.
    private static bool IsHost(string host) =>
        host is "*" or "+"
        || (host.StartsWith('[') && host.EndsWith(']') && Uri.CheckHostName(host[1..^1]) == UriHostNameType.IPv6)
        || Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4;
}
