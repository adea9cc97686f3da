namespace ElectionJepsen.Workloads.ZooKeeper;

/// <summary>Operation codes of the client protocol (ZooDefs.OpCode).</summary>
public static class OpCode
{
    public const int Notification = 0;
    public const int Create = 1;
    public const int Delete = 2;
    public const int Exists = 3;
    public const int GetData = 4;
    public const int GetChildren2 = 12;
    public const int Create2 = 15;
    public const int Ping = 11;
    public const int CloseSession = -11;
}

/// <summary>Special transaction ids of the client protocol.</summary>
public static class Xid
{
    public const int WatcherEvent = -1;
    public const int Ping = -2;
}

/// <summary>ZooKeeper's error codes (KeeperException.Code) that the client meets.</summary>
public enum ZooKeeperError
{
    Ok = 0,
    ConnectionLoss = -4,
    OperationTimeout = -7,
    NoNode = -101,
    NoAuth = -102,
    BadVersion = -103,
    NoChildrenForEphemerals = -108,
    NodeExists = -110,
    NotEmpty = -111,
    SessionExpired = -112,
    SessionMoved = -118,
}

/// <summary>CreateMode flags.</summary>
public static class CreateMode
{
    public const int Persistent = 0;
    public const int Ephemeral = 1;
    public const int PersistentSequential = 2;
    public const int EphemeralSequential = 3;
}

public enum WatchedEventType
{
    None = -1,
    NodeCreated = 1,
    NodeDeleted = 2,
    NodeDataChanged = 3,
    NodeChildrenChanged = 4,
}

public enum KeeperState
{
    Disconnected = 0,
    SyncConnected = 3,
    AuthFailed = 4,
    ConnectedReadOnly = 5,
    Expired = -112,
}

public sealed record ConnectRequest(int ProtocolVersion, long LastZxidSeen, int TimeOut, long SessionId, byte[] Password, bool ReadOnly)
{
    public void Write(JuteWriter w) =>
        w.Int(ProtocolVersion).Long(LastZxidSeen).Int(TimeOut).Long(SessionId).Buffer(Password).Bool(ReadOnly);
}

public sealed record ConnectResponse(int ProtocolVersion, int TimeOut, long SessionId, byte[] Password)
{
    public static ConnectResponse Read(ref JuteReader r) => new(r.Int(), r.Int(), r.Long(), r.Buffer() ?? []);
}

public readonly record struct RequestHeader(int Xid, int Type)
{
    public void Write(JuteWriter w) => w.Int(Xid).Int(Type);
}

public readonly record struct ReplyHeader(int Xid, long Zxid, int Err)
{
    public static ReplyHeader Read(ref JuteReader r) => new(r.Int(), r.Long(), r.Int());
}

/// <summary>A znode's metadata.</summary>
public sealed record Stat(long Czxid, long Mzxid, long Ctime, long Mtime, int Version, int Cversion, int Aversion, long EphemeralOwner, int DataLength, int NumChildren, long Pzxid)
{
    public static Stat Read(ref JuteReader r) =>
        new(r.Long(), r.Long(), r.Long(), r.Long(), r.Int(), r.Int(), r.Int(), r.Long(), r.Int(), r.Int(), r.Long());

    public void Write(JuteWriter w) =>
        w.Long(Czxid).Long(Mzxid).Long(Ctime).Long(Mtime).Int(Version).Int(Cversion).Int(Aversion).Long(EphemeralOwner).Int(DataLength).Int(NumChildren).Long(Pzxid);
}

public sealed record Acl(int Perms, string Scheme, string Id)
{
    /// <summary>world:anyone with every permission (ZooDefs.Ids.OPEN_ACL_UNSAFE).</summary>
    public static IReadOnlyList<Acl> OpenUnsafe { get; } = [new(31, "world", "anyone")];

    public void Write(JuteWriter w) => w.Int(Perms).String(Scheme).String(Id);
}

public sealed record CreateRequest(string Path, byte[] Data, IReadOnlyList<Acl> Acl, int Flags)
{
    public void Write(JuteWriter w) => w.String(Path).Buffer(Data).Vector(Acl, (x, a) => a.Write(x)).Int(Flags);
}

public sealed record PathWatchRequest(string Path, bool Watch)
{
    public void Write(JuteWriter w) => w.String(Path).Bool(Watch);
}

public sealed record DeleteRequest(string Path, int Version)
{
    public void Write(JuteWriter w) => w.String(Path).Int(Version);
}

public sealed record Create2Response(string Path, Stat Stat)
{
    public static Create2Response Read(ref JuteReader r) => new(r.String() ?? string.Empty, Stat.Read(ref r));
}

public sealed record GetChildren2Response(IReadOnlyList<string> Children, Stat Stat)
{
    public static GetChildren2Response Read(ref JuteReader r) => new(r.Strings() ?? [], Stat.Read(ref r));
}

public sealed record GetDataResponse(byte[] Data, Stat Stat)
{
    public static GetDataResponse Read(ref JuteReader r) => new(r.Buffer() ?? [], Stat.Read(ref r));
}

public sealed record WatcherEvent(WatchedEventType Type, KeeperState State, string Path)
{
    public static WatcherEvent Read(ref JuteReader r) => new((WatchedEventType)r.Int(), (KeeperState)r.Int(), r.String() ?? string.Empty);
}
