namespace Guarded.RealWorld;

/// <summary>The repositories kept for independent evaluation: never checked, labelled or mined here.</summary>
internal static class HeldOut
{
    public static readonly string[] Repositories =
    [
        "DapperLib/Dapper", "App-vNext/Polly", "NLog/NLog", "serilog/serilog", "StackExchange/StackExchange.Redis",
        "quartznet/quartznet", "henkmollema/Dommel", "zapadi/vies-dotnet", "jeffijoe/messageformat.net",
        "thepirat000/Audit.NET", "RicoSuter/NJsonSchema", "Humanizr/Humanizer", "aaubry/YamlDotNet", "JoshClose/CsvHelper",
        "aloneguid/parquet-dotnet", "opentap/opentap", "couchbase/couchbase-net-client", "apereo/dotnet-cas-client",
        "tallesl/net-L",
    ];
}
