using ElectionJepsen.Workloads.ZooKeeper;

namespace ElectionJepsen.Workloads.Tests.ZooKeeper;

/// <summary>Every message against bytes worked out by hand from zookeeper.jute (big-endian; length-prefixed strings and buffers).</summary>
public class JuteTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static byte[] Bytes(Action<JuteWriter> write)
    {
        var w = new JuteWriter();
        write(w);
        return w.Written.ToArray();
    }

    [Fact]
    public void Connect_request_is_framed_with_its_length_and_ends_with_read_only()
    {
        var w = new JuteWriter();
        new ConnectRequest(0, 0x0102, 5000, 0, new byte[16], false).Write(w);
        var expected = Hex("0000002D" + "00000000" + "0000000000000102" + "00001388" + "0000000000000000" + "00000010" + new string('0', 32) + "00");
        Assert.Equal(expected, w.Framed());
    }

    [Fact]
    public void Connect_response_reads_timeout_session_and_password()
    {
        var bytes = Hex("00000000" + "00000FA0" + "0123456789ABCDEF" + "00000002" + "AABB");
        var r = new JuteReader(bytes);
        var c = ConnectResponse.Read(ref r);
        Assert.Equal((0, 4000, 0x0123456789ABCDEFL), (c.ProtocolVersion, c.TimeOut, c.SessionId));
        Assert.Equal(Hex("AABB"), c.Password);
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void Create_request_for_an_ephemeral_sequential_znode_with_the_open_acl()
    {
        var bytes = Bytes(w =>
        {
            new RequestHeader(7, OpCode.Create2).Write(w);
            new CreateRequest("/e/a-", [], Acl.OpenUnsafe, CreateMode.EphemeralSequential).Write(w);
        });
        var expected = Hex(
            "00000007 0000000F" +                    // xid 7, create2
            "00000005 2F652F612D" +                  // "/e/a-"
            "00000000" +                             // empty data
            "00000001 0000001F" +                    // one ACL, perms ALL
            "00000005 776F726C64 00000006 616E796F6E65" + // world, anyone
            "00000003");                             // EPHEMERAL_SEQUENTIAL
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Path_watch_and_delete_requests()
    {
        Assert.Equal(Hex("00000002 2F65 01"), Bytes(w => new PathWatchRequest("/e", true).Write(w)));
        Assert.Equal(Hex("00000002 2F65 FFFFFFFF"), Bytes(w => new DeleteRequest("/e", -1).Write(w)));
    }

    [Fact]
    public void A_reconnect_carries_the_last_zxid_the_session_id_and_its_password()
    {
        var w = new JuteWriter();
        new ConnectRequest(0, 0x2A, 3000, 0x0102030405060708, Hex("000102030405060708090A0B0C0D0E0F"), false).Write(w);
        var expected = Hex("0000002D" + "00000000" + "000000000000002A" + "00000BB8" + "0102030405060708" + "00000010" + "000102030405060708090A0B0C0D0E0F" + "00");
        Assert.Equal(expected, w.Framed());
    }

    [Fact]
    public void Create2_response_reads_the_path_then_the_stat()
    {
        var stat = new Stat(0x100000005, 0x100000005, 7, 7, 0, 0, 0, 0x55, 2, 0, 0x100000005);
        var bytes = Hex("00000010 2F656C656374696F6E2F612D30303031").Concat(Bytes(stat.Write)).ToArray();
        var r = new JuteReader(bytes);
        var c = Create2Response.Read(ref r);
        Assert.Equal("/election/a-0001", c.Path);
        Assert.Equal(stat, c.Stat);
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void Get_data_response_reads_the_bytes_then_the_stat()
    {
        var stat = new Stat(9, 9, 1, 1, 0, 0, 0, 0, 2, 0, 9);
        var bytes = Hex("00000002 6331").Concat(Bytes(stat.Write)).ToArray();
        var r = new JuteReader(bytes);
        var d = GetDataResponse.Read(ref r);
        Assert.Equal("c1"u8.ToArray(), d.Data);
        Assert.Equal(stat, d.Stat);
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void Reply_header_of_a_ping()
    {
        var r = new JuteReader(Hex("FFFFFFFE 0000000000000007 00000000"));
        Assert.Equal(new ReplyHeader(Xid.Ping, 7, 0), ReplyHeader.Read(ref r));
    }

    [Fact]
    public void Stat_round_trips_and_is_68_bytes()
    {
        var stat = new Stat(1, 2, 3, 4, 5, 6, 7, 0x1122334455667788, 9, 10, 11);
        var bytes = Bytes(stat.Write);
        Assert.Equal(68, bytes.Length);
        Assert.Equal(Hex("1122334455667788"), bytes.AsSpan(44, 8).ToArray());
        var r = new JuteReader(bytes);
        Assert.Equal(stat, Stat.Read(ref r));
    }

    [Fact]
    public void Children_response_reads_the_names_then_the_stat()
    {
        var stat = new Stat(1, 1, 1, 1, 0, 2, 0, 0, 0, 2, 3);
        var bytes = Hex("00000002 00000001 61 00000002 6263").Concat(Bytes(stat.Write)).ToArray();
        var r = new JuteReader(bytes);
        var c = GetChildren2Response.Read(ref r);
        Assert.Equal(["a", "bc"], c.Children);
        Assert.Equal(stat, c.Stat);
    }

    [Fact]
    public void Watcher_event_of_a_deleted_node()
    {
        var r = new JuteReader(Hex("00000002 00000003 00000004 2F652F78"));
        Assert.Equal(new WatcherEvent(WatchedEventType.NodeDeleted, KeeperState.SyncConnected, "/e/x"), WatcherEvent.Read(ref r));
    }

    [Fact]
    public void Null_strings_and_buffers_are_minus_one()
    {
        Assert.Equal(Hex("FFFFFFFF FFFFFFFF"), Bytes(w => w.String(null).Buffer([], isNull: true)));
        var r = new JuteReader(Hex("FFFFFFFF FFFFFFFF"));
        Assert.Null(r.String());
        Assert.Null(r.Buffer());
    }

    [Fact]
    public void A_truncated_record_is_an_error()
    {
        var threw = false;
        try
        {
            var r = new JuteReader(Hex("00000005 2F65"));
            r.String();
        }
        catch (InvalidDataException)
        {
            threw = true;
        }

        Assert.True(threw);
    }
}
