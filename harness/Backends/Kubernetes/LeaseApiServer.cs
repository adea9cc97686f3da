using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ElectionJepsen.Harness.Backends.Kubernetes;

/// <summary>
/// A stand-in for kube-apiserver that serves only what leader election and kubectl use of
/// Leases: discovery (<c>/api</c>, <c>/apis</c>, <c>/apis/coordination.k8s.io/v1</c>,
/// <c>/version</c>), and GET, POST, PUT and DELETE of
/// <c>/apis/coordination.k8s.io/v1/namespaces/{ns}/leases[/{name}]</c>, with the Lease
/// JSON and the Status errors the real server returns (404 NotFound, 409 AlreadyExists,
/// 409 Conflict on a stale resourceVersion). Like kube-apiserver it keeps nothing itself:
/// each Lease is a key in etcd (<c>/registry/leases/NS/NAME</c>), its resourceVersion the
/// key's modification revision, and every write a transaction on that revision, so faults
/// between it and etcd are real ones. No authentication, admission, watch or field managers.
/// </summary>
public sealed class LeaseApiServer(EtcdClient etcd, TimeSpan etcdTimeout)
{
    private const string Group = "coordination.k8s.io";
    private const string Prefix = "/apis/coordination.k8s.io/v1";

    /// <summary>Serves on <paramref name="listen"/> until <paramref name="cancel"/>.</summary>
    public async Task RunAsync(IPEndPoint listen, TextWriter log, CancellationToken cancel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(listen));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            // etcd out of reach or too slow: the Status kube-apiserver would give.
            try
            {
                await next(context);
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or OperationCanceledException && !cancel.IsCancellationRequested)
            {
                await Status(504, "Timeout", $"etcd did not answer: {e.Message}").ExecuteAsync(context);
            }
        });
        app.MapGet("/version", () => Results.Json(new JsonObject { ["major"] = "1", ["minor"] = "30", ["gitVersion"] = "v1.30.0-electionjepsen", ["platform"] = "linux/amd64" }));
        app.MapGet("/api", () => Results.Json(new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = listen.ToString() }),
        }));
        app.MapGet("/api/v1", () => Results.Json(new JsonObject { ["kind"] = "APIResourceList", ["groupVersion"] = "v1", ["resources"] = new JsonArray() }));
        app.MapGet("/apis", () => Results.Json(new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            ["groups"] = new JsonArray(new JsonObject
            {
                ["name"] = Group,
                ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = $"{Group}/v1", ["version"] = "v1" }),
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{Group}/v1", ["version"] = "v1" },
            }),
        }));
        app.MapGet(Prefix, () => Results.Json(new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = $"{Group}/v1",
            ["resources"] = new JsonArray(new JsonObject
            {
                ["name"] = "leases",
                ["singularName"] = "lease",
                ["namespaced"] = true,
                ["kind"] = "Lease",
                ["verbs"] = new JsonArray("create", "delete", "get", "list", "update"),
            }),
        }));
        app.MapGet(Prefix + "/namespaces/{ns}/leases", ListAsync);
        app.MapGet(Prefix + "/namespaces/{ns}/leases/{name}", GetAsync);
        app.MapPost(Prefix + "/namespaces/{ns}/leases", CreateAsync);
        app.MapPut(Prefix + "/namespaces/{ns}/leases/{name}", ReplaceAsync);
        app.MapDelete(Prefix + "/namespaces/{ns}/leases/{name}", DeleteAsync);
        app.MapFallback((HttpContext c) => Status(404, "NotFound", $"the server could not find the requested resource ({c.Request.Method} {c.Request.Path})"));
        await app.StartAsync(cancel);
        await log.WriteLineAsync($"serving the Lease API on http://{listen}");
        await log.FlushAsync(cancel);
        try
        {
            await Task.Delay(Timeout.Infinite, cancel);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None);
    }

    private static string Key(string ns, string name) => $"/registry/leases/{ns}/{name}";

    private async Task<IResult> ListAsync(string ns, CancellationToken cancel)
    {
        var prefix = $"/registry/leases/{ns}/";
        using var limit = Limit(cancel);
        var range = await etcd.GetRangeAsync(prefix, cancellationToken: limit.Token);
        var items = new JsonArray([.. range.Kvs.Select(kv => (JsonNode)WithVersion(kv))]);
        return Results.Json(new JsonObject
        {
            ["kind"] = "LeaseList",
            ["apiVersion"] = $"{Group}/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = range.Header.Revision.ToString(CultureInfo.InvariantCulture) },
            ["items"] = items,
        });
    }

    private async Task<IResult> GetAsync(string ns, string name, CancellationToken cancel)
    {
        using var limit = Limit(cancel);
        var got = await etcd.GetAsync(Key(ns, name), cancellationToken: limit.Token);
        return got.Kvs.Count == 0 ? NotFound(name) : Results.Json(WithVersion(got.Kvs[0]));
    }

    private async Task<IResult> CreateAsync(string ns, HttpRequest request, CancellationToken cancel)
    {
        if (await BodyAsync(request, cancel) is not { } lease) return Status(400, "BadRequest", "the body is not a Lease object");
        var name = lease["metadata"]?["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name)) return Status(422, "Invalid", "Lease.coordination.k8s.io is invalid: metadata.name: Required value: name is required");
        var meta = lease["metadata"]!.AsObject();
        meta["namespace"] = ns;
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        meta.Remove("resourceVersion");
        var key = Key(ns, name);
        if (request.Query["dryRun"] == "All")
        {
            // Validated and answered as the write would be, without writing (kube-apiserver's dry run).
            using var look = Limit(cancel);
            var existing = await etcd.GetAsync(key, cancellationToken: look.Token);
            return existing.Kvs.Count > 0 ? Status(409, "AlreadyExists", $"leases.{Group} \"{name}\" already exists", name) : Results.Json(lease, statusCode: 201);
        }

        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = ByteString.CopyFromUtf8(key), Target = Compare.Types.CompareTarget.Create, Result = Compare.Types.CompareResult.Equal, CreateRevision = 0 });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(Stored(lease)) } });
        using var limit = Limit(cancel);
        var done = await etcd.TransactionAsync(txn, cancellationToken: limit.Token);
        if (!done.Succeeded) return Status(409, "AlreadyExists", $"leases.{Group} \"{name}\" already exists", name);
        meta["resourceVersion"] = done.Header.Revision.ToString(CultureInfo.InvariantCulture);
        return Results.Json(lease, statusCode: 201);
    }

    private async Task<IResult> ReplaceAsync(string ns, string name, HttpRequest request, CancellationToken cancel)
    {
        if (await BodyAsync(request, cancel) is not { } lease) return Status(400, "BadRequest", "the body is not a Lease object");
        var meta = lease["metadata"]?.AsObject();
        if (meta?["name"]?.GetValue<string>() != name) return Status(400, "BadRequest", "the name of the object does not match the name on the URL");
        var key = Key(ns, name);
        using var limit = Limit(cancel);
        var current = await etcd.GetAsync(key, cancellationToken: limit.Token);
        if (current.Kvs.Count == 0) return NotFound(name);
        var stored = JsonNode.Parse(current.Kvs[0].Value.ToStringUtf8())!.AsObject();
        var version = meta["resourceVersion"]?.GetValue<string>();
        var expected = current.Kvs[0].ModRevision;
        if (!string.IsNullOrEmpty(version) && (!long.TryParse(version, CultureInfo.InvariantCulture, out var asked) || asked != expected)) return Conflict(name);

        // What the server owns stays the server's.
        foreach (var field in new[] { "uid", "creationTimestamp" }) meta[field] = stored["metadata"]?[field]?.DeepClone();
        meta["namespace"] = ns;
        meta.Remove("resourceVersion");
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare { Key = ByteString.CopyFromUtf8(key), Target = Compare.Types.CompareTarget.Mod, Result = Compare.Types.CompareResult.Equal, ModRevision = expected });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(Stored(lease)) } });
        var done = await etcd.TransactionAsync(txn, cancellationToken: limit.Token);
        if (!done.Succeeded) return Conflict(name);
        meta["resourceVersion"] = done.Header.Revision.ToString(CultureInfo.InvariantCulture);
        return Results.Json(lease);
    }

    private async Task<IResult> DeleteAsync(string ns, string name, CancellationToken cancel)
    {
        using var limit = Limit(cancel);
        var deleted = await etcd.DeleteAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(Key(ns, name)), PrevKv = true }, cancellationToken: limit.Token);
        if (deleted.Deleted == 0) return NotFound(name);
        return Results.Json(new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = new JsonObject { ["name"] = name, ["group"] = Group, ["kind"] = "leases", ["uid"] = JsonNode.Parse(deleted.PrevKvs[0].Value.ToStringUtf8())?["metadata"]?["uid"]?.DeepClone() },
        });
    }

    private static async Task<JsonObject?> BodyAsync(HttpRequest request, CancellationToken cancel)
    {
        try
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancel);
            if (body is not JsonObject lease || lease["metadata"] is not JsonObject) return null;
            lease["kind"] = "Lease";
            lease["apiVersion"] = $"{Group}/v1";
            return lease;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Stored(JsonObject lease) => lease.ToJsonString();

    private static JsonObject WithVersion(Mvccpb.KeyValue kv)
    {
        var lease = JsonNode.Parse(kv.Value.ToStringUtf8())!.AsObject();
        lease["metadata"]!["resourceVersion"] = kv.ModRevision.ToString(CultureInfo.InvariantCulture);
        return lease;
    }

    private static IResult NotFound(string name) => Status(404, "NotFound", $"leases.{Group} \"{name}\" not found", name);

    private static IResult Conflict(string name) =>
        Status(409, "Conflict", $"Operation cannot be fulfilled on leases.{Group} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", name);

    private static IResult Status(int code, string reason, string message, string? name = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        if (name is not null) status["details"] = new JsonObject { ["name"] = name, ["group"] = Group, ["kind"] = "leases" };
        return Results.Json(status, statusCode: code);
    }

    private CancellationTokenSource Limit(CancellationToken cancel)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(etcdTimeout);
        return limit;
    }
}
