using System.Globalization;
using System.Net.Sockets;
using Docker.DotNet;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// The Docker engine on this machine, reached at <see cref="Endpoint"/>: a client pinned to
/// the engine's API version or <see cref="NewestApi"/>, whichever is older (the models of
/// Docker.DotNet 3.125 are those of engine 20.10, API 1.41; a newer engine still speaks it).
/// </summary>
public sealed partial class DockerEngine(IDockerApi api, Version apiVersion, string serverVersion) : IDisposable
{
    /// <summary>The engine's socket.</summary>
    public const string SocketPath = "/var/run/docker.sock";

    /// <summary>How long a ping may take before the engine counts as not answering.</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a plain request may take (build, import, pull and logs have only the caller's token).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public static Uri Endpoint { get; } = new("unix://" + SocketPath);

    /// <summary>The newest API version the library's models describe.</summary>
    public static Version NewestApi { get; } = new(1, 41);

    public IDockerApi Api { get; } = api;

    /// <summary>The API version every request names.</summary>
    public Version ApiVersion { get; } = apiVersion;

    /// <summary>The engine's own version, as it reports it (20.10.24+dfsg1).</summary>
    public string ServerVersion { get; } = serverVersion;

    /// <summary>
    /// The engine, or null when none answers: no socket (Docker is not installed, or its daemon
    /// never ran) costs a file check and nothing else; a socket nobody answers on costs at most
    /// <see cref="PingTimeout"/>. Prints nothing.
    /// </summary>
    public static async Task<DockerEngine?> TryConnectAsync(CancellationToken cancel = default)
    {
        if (!File.Exists(SocketPath)) return null;
        try
        {
            string apiText, server;
            using (var probe = NewConfiguration())
            using (var unpinned = probe.CreateClient())
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel))
            {
                limit.CancelAfter(PingTimeout);
                await unpinned.System.PingAsync(limit.Token);
                var version = await unpinned.System.GetVersionAsync(limit.Token);
                (apiText, server) = (version.APIVersion, version.Version);
            }

            var pinned = Pin(apiText);
            var configuration = NewConfiguration();
            return new DockerEngine(new DockerApi(configuration.CreateClient(pinned), configuration), pinned, server);
        }
        catch (Exception e) when (IsUnreachable(e) && !cancel.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The older of the engine's API version and <see cref="NewestApi"/>.</summary>
    public static Version Pin(string? serverApi) =>
        Version.TryParse(serverApi, out var server) && server < NewestApi ? new Version(server.Major, server.Minor) : NewestApi;

    /// <summary>One line on the engine: its version and the API version spoken.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"Docker engine {ServerVersion} (API {ApiVersion})");

    public void Dispose() => Api.Dispose();

    private static DockerClientConfiguration NewConfiguration() => new(Endpoint, credentials: null, defaultTimeout: RequestTimeout);

    private static bool IsUnreachable(Exception e) =>
        e is HttpRequestException or SocketException or IOException or TimeoutException or DockerApiException or OperationCanceledException;
}
