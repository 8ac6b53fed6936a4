using System.Text.Json;

namespace Guarded.Cli.Tests.Support;

/// <summary>
/// A focused structural check of the SARIF 2.1.0 schema for the parts Guarded writes: required properties, JSON
/// types, enumerations, 1-based regions, rule indexes, and no misspelt (unknown) property names.
/// Returns every violation as a JSON-path-prefixed message.
/// </summary>
internal static class SarifValidator
{
    private static readonly string[] Levels = ["none", "note", "warning", "error"];

    public static IReadOnlyList<string> Validate(JsonElement log)
    {
        var errors = new List<string>();
        var v = new Walker(errors);
        v.Object(log, "$", ["$schema", "version", "runs", "inlineExternalProperties", "properties"]);
        v.OptionalUri(log, "$", "$schema");
        if (v.Required(log, "$", "version", JsonValueKind.String) is { } version && version.GetString() != "2.1.0")
        {
            errors.Add("$.version: must be \"2.1.0\"");
        }

        if (v.Required(log, "$", "runs", JsonValueKind.Array) is { } runs)
        {
            int r = 0;
            foreach (JsonElement run in runs.EnumerateArray())
            {
                ValidateRun(v, run, $"$.runs[{r++}]");
            }
        }

        return errors;
    }

    private static void ValidateRun(Walker v, JsonElement run, string path)
    {
        v.Object(run, path, ["tool", "invocations", "originalUriBaseIds", "results", "artifacts", "properties", "columnKind"]);
        int ruleCount = -1;
        var ruleIds = new List<string?>();
        if (v.Required(run, path, "tool", JsonValueKind.Object) is { } tool)
        {
            v.Object(tool, path + ".tool", ["driver", "extensions", "properties"]);
            if (v.Required(tool, path + ".tool", "driver", JsonValueKind.Object) is { } driver)
            {
                string dp = path + ".tool.driver";
                v.Object(driver, dp, ["name", "informationUri", "semanticVersion", "version", "rules", "properties"]);
                v.Required(driver, dp, "name", JsonValueKind.String);
                v.OptionalUri(driver, dp, "informationUri");
                v.Optional(driver, dp, "semanticVersion", JsonValueKind.String);
                if (v.Optional(driver, dp, "rules", JsonValueKind.Array) is { } rules)
                {
                    ruleCount = 0;
                    foreach (JsonElement rule in rules.EnumerateArray())
                    {
                        string rp = $"{dp}.rules[{ruleCount++}]";
                        v.Object(rule, rp, ["id", "name", "shortDescription", "fullDescription", "helpUri", "help", "defaultConfiguration", "properties"]);
                        ruleIds.Add(v.Required(rule, rp, "id", JsonValueKind.String)?.GetString());
                        v.Message(rule, rp, "shortDescription", required: false);
                        v.Message(rule, rp, "fullDescription", required: false);
                        v.OptionalUri(rule, rp, "helpUri");
                        if (v.Optional(rule, rp, "defaultConfiguration", JsonValueKind.Object) is { } configuration)
                        {
                            v.Object(configuration, rp + ".defaultConfiguration", ["enabled", "level", "rank", "parameters", "properties"]);
                            v.Level(configuration, rp + ".defaultConfiguration");
                            if (configuration.TryGetProperty("enabled", out JsonElement enabled) && enabled.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                            {
                                v.Error(rp + ".defaultConfiguration.enabled", "must be a boolean");
                            }
                        }

                        v.Optional(rule, rp, "properties", JsonValueKind.Object);
                    }
                }
            }
        }

        if (v.Optional(run, path, "originalUriBaseIds", JsonValueKind.Object) is { } baseIds)
        {
            foreach (JsonProperty baseId in baseIds.EnumerateObject())
            {
                string bp = $"{path}.originalUriBaseIds.{baseId.Name}";
                v.Object(baseId.Value, bp, ["uri", "uriBaseId", "index", "description", "properties"]);
                if (v.Required(baseId.Value, bp, "uri", JsonValueKind.String) is { } uri)
                {
                    string text = uri.GetString()!;
                    if (!Uri.TryCreate(text, UriKind.Absolute, out _) || !text.EndsWith('/'))
                    {
                        v.Error(bp + ".uri", $"'{text}' must be an absolute URI ending with '/'");
                    }
                }
            }
        }

        if (v.Optional(run, path, "invocations", JsonValueKind.Array) is { } invocations)
        {
            int i = 0;
            foreach (JsonElement invocation in invocations.EnumerateArray())
            {
                string ip = $"{path}.invocations[{i++}]";
                v.Object(invocation, ip, ["executionSuccessful", "exitCode", "toolExecutionNotifications", "properties"]);
                if (!invocation.TryGetProperty("executionSuccessful", out JsonElement success) || success.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    v.Error(ip + ".executionSuccessful", "is required and must be a boolean");
                }
            }
        }

        if (v.Optional(run, path, "results", JsonValueKind.Array) is { } results)
        {
            int i = 0;
            foreach (JsonElement result in results.EnumerateArray())
            {
                string rp = $"{path}.results[{i++}]";
                v.Object(result, rp, ["ruleId", "ruleIndex", "level", "message", "locations", "relatedLocations", "properties"]);
                v.Message(result, rp, "message", required: true);
                string? ruleId = v.Optional(result, rp, "ruleId", JsonValueKind.String)?.GetString();
                v.Level(result, rp);
                if (v.Optional(result, rp, "ruleIndex", JsonValueKind.Number) is { } index)
                {
                    if (!index.TryGetInt32(out int ruleIndex) || ruleIndex < -1 || ruleIndex >= Math.Max(ruleCount, 0))
                    {
                        v.Error(rp + ".ruleIndex", $"{index} is not an index into tool.driver.rules");
                    }
                    else if (ruleIndex >= 0 && ruleIds[ruleIndex] != ruleId)
                    {
                        v.Error(rp + ".ruleIndex", $"points at rule '{ruleIds[ruleIndex]}' but ruleId is '{ruleId}'");
                    }
                }

                v.Locations(result, rp, "locations");
                v.Locations(result, rp, "relatedLocations");
            }
        }
    }

    private sealed class Walker(List<string> errors)
    {
        public void Error(string path, string message) => errors.Add($"{path}: {message}");

        public void Object(JsonElement element, string path, string[] allowed)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"must be an object, is {element.ValueKind}");
                return;
            }

            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                {
                    Error($"{path}.{property.Name}", "is not a SARIF property of this object");
                }
            }
        }

        public JsonElement? Required(JsonElement parent, string path, string name, JsonValueKind kind)
        {
            if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out JsonElement value))
            {
                Error($"{path}.{name}", "is required");
                return null;
            }

            return Typed(value, $"{path}.{name}", kind);
        }

        public JsonElement? Optional(JsonElement parent, string path, string name, JsonValueKind kind)
        {
            return parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out JsonElement value)
                ? Typed(value, $"{path}.{name}", kind)
                : null;
        }

        public void OptionalUri(JsonElement parent, string path, string name)
        {
            if (Optional(parent, path, name, JsonValueKind.String) is { } uri && !Uri.TryCreate(uri.GetString(), UriKind.Absolute, out _))
            {
                Error($"{path}.{name}", $"'{uri.GetString()}' is not an absolute URI");
            }
        }

        public void Message(JsonElement parent, string path, string name, bool required)
        {
            JsonElement? message = required ? Required(parent, path, name, JsonValueKind.Object) : Optional(parent, path, name, JsonValueKind.Object);
            if (message is { } m)
            {
                Object(m, $"{path}.{name}", ["text", "markdown", "id", "arguments", "properties"]);
                if (!m.TryGetProperty("text", out _) && !m.TryGetProperty("id", out _))
                {
                    Error($"{path}.{name}", "needs 'text' or 'id'");
                }

                Optional(m, $"{path}.{name}", "text", JsonValueKind.String);
            }
        }

        public void Level(JsonElement parent, string path)
        {
            if (Optional(parent, path, "level", JsonValueKind.String) is { } level && !Levels.Contains(level.GetString()))
            {
                Error(path + ".level", $"'{level.GetString()}' is not one of none, note, warning, error");
            }
        }

        public void Locations(JsonElement parent, string path, string name)
        {
            if (Optional(parent, path, name, JsonValueKind.Array) is not { } locations)
            {
                return;
            }

            int i = 0;
            foreach (JsonElement location in locations.EnumerateArray())
            {
                string lp = $"{path}.{name}[{i++}]";
                Object(location, lp, ["id", "physicalLocation", "logicalLocations", "message", "annotations", "relationships", "properties"]);
                if (Optional(location, lp, "id", JsonValueKind.Number) is { } id && (!id.TryGetInt32(out int value) || value < -1))
                {
                    Error(lp + ".id", "must be an integer >= -1");
                }

                if (Optional(location, lp, "physicalLocation", JsonValueKind.Object) is not { } physical)
                {
                    continue;
                }

                string pp = lp + ".physicalLocation";
                Object(physical, pp, ["artifactLocation", "region", "contextRegion", "address", "properties"]);
                if (Optional(physical, pp, "artifactLocation", JsonValueKind.Object) is { } artifact)
                {
                    Object(artifact, pp + ".artifactLocation", ["uri", "uriBaseId", "index", "description", "properties"]);
                    if (Optional(artifact, pp + ".artifactLocation", "uri", JsonValueKind.String) is { } uri
                        && !Uri.TryCreate(uri.GetString(), UriKind.RelativeOrAbsolute, out _))
                    {
                        Error(pp + ".artifactLocation.uri", $"'{uri.GetString()}' is not a URI reference");
                    }

                    Optional(artifact, pp + ".artifactLocation", "uriBaseId", JsonValueKind.String);
                }

                if (Optional(physical, pp, "region", JsonValueKind.Object) is { } region)
                {
                    Region(region, pp + ".region");
                }
            }
        }

        private void Region(JsonElement region, string path)
        {
            Object(region, path, ["startLine", "startColumn", "endLine", "endColumn", "charOffset", "charLength", "snippet", "message", "properties"]);
            int? startLine = PositiveInt(region, path, "startLine");
            int? startColumn = PositiveInt(region, path, "startColumn");
            int? endLine = PositiveInt(region, path, "endLine");
            int? endColumn = PositiveInt(region, path, "endColumn");
            if (startLine is null)
            {
                Error(path, "a text region needs startLine");
            }

            if (startLine is not null && endLine is not null && endLine < startLine)
            {
                Error(path, $"endLine {endLine} is before startLine {startLine}");
            }

            if (startLine == (endLine ?? startLine) && startColumn is not null && endColumn is not null && endColumn < startColumn)
            {
                Error(path, $"endColumn {endColumn} is before startColumn {startColumn} on the same line");
            }
        }

        private int? PositiveInt(JsonElement parent, string path, string name)
        {
            if (Optional(parent, path, name, JsonValueKind.Number) is not { } number)
            {
                return null;
            }

            if (!number.TryGetInt32(out int value) || value < 1)
            {
                Error($"{path}.{name}", $"{number} must be an integer >= 1 (SARIF lines and columns are 1-based)");
                return null;
            }

            return value;
        }

        private JsonElement? Typed(JsonElement value, string path, JsonValueKind kind)
        {
            if (value.ValueKind != kind)
            {
                Error(path, $"must be {kind}, is {value.ValueKind}");
                return null;
            }

            return value;
        }
    }
}
