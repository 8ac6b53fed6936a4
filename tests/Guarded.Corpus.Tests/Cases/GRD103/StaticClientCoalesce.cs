// case: static HTTP-like client created with ??= in a property getter
using System;

public static class GeoLookup
{
    private static GeoClient? s_client;

    public static GeoClient Client => s_client ??= new GeoClient(new Uri("https://geo.example"), TimeSpan.FromSeconds(5)); // expect: GRD103

    public static string Locate(string ip) => Client.Locate(ip);
}

public sealed class GeoClient
{
    private readonly Uri _endpoint;

    public GeoClient(Uri endpoint, TimeSpan timeout)
    {
        _endpoint = endpoint;
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }

    public string Locate(string ip) => _endpoint + "?ip=" + ip;
}
