using System.Text.Json.Nodes;

namespace ElectionJepsen.Reports.Tests.Browser;

/// <summary>A page open in <see cref="Chromium"/>: its DOM to query, what it reported, a screenshot.</summary>
internal sealed class Page(Chromium browser, string session)
{
    /// <summary>Evaluates a JavaScript expression in the page and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var r = await browser.SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, session);
        if (r["exceptionDetails"] is { } e) throw new InvalidOperationException($"{expression}: {e.ToJsonString()}");
        return r["result"]?["value"];
    }

    public async Task<double> NumberAsync(string expression) => (await EvaluateAsync(expression))?.GetValue<double>() ?? double.NaN;

    /// <summary>Console errors and warnings, uncaught exceptions, and browser log errors (a failed load, say).</summary>
    public IReadOnlyList<string> Problems() =>
    [
        .. browser.Events(session).Select(e => e.Method switch
        {
            "Runtime.exceptionThrown" => $"exception: {e.Params["exceptionDetails"]?.ToJsonString()}",
            "Runtime.consoleAPICalled" when e.Params["type"]?.GetValue<string>() is "error" or "assert" or "warning" =>
                $"console.{e.Params["type"]}: {e.Params["args"]?.ToJsonString()}",
            "Log.entryAdded" when e.Params["entry"]?["level"]?.GetValue<string>() is "error" or "warning" =>
                $"log {e.Params["entry"]?["level"]}: {e.Params["entry"]?["text"]} ({e.Params["entry"]?["url"]})",
            _ => null,
        }).OfType<string>(),
    ];

    /// <summary>Every URL the page asked the network for (its own file included).</summary>
    public IReadOnlyList<string> Requests() =>
        [.. browser.Events(session).Where(e => e.Method == "Network.requestWillBeSent").Select(e => e.Params["request"]?["url"]?.GetValue<string>() ?? "?")];

    /// <summary>Saves a PNG of the whole page (not only the viewport).</summary>
    public async Task<string> ScreenshotAsync(string path)
    {
        var metrics = await browser.SendAsync("Page.getLayoutMetrics", session: session);
        var size = metrics["cssContentSize"]!;
        var clip = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = size["width"]!.GetValue<double>(), ["height"] = Math.Min(size["height"]!.GetValue<double>(), 12_000), ["scale"] = 1 };
        var shot = await browser.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true, ["clip"] = clip }, session);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
        return path;
    }
}
