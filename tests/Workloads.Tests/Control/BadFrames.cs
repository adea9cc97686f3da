using System.Buffers.Binary;
using System.Text;
using ElectionJepsen.Workloads.Control;

namespace ElectionJepsen.Workloads.Tests.Control;

/// <summary>
/// Malformed control frames, as raw bytes: lengths out of bounds, bodies that are not JSON or
/// not a message, wrong types, deep nesting, and messages outside the closed set of what the
/// sender may send. Shared by the tests of both ends of the channel.
/// </summary>
public static class BadFrames
{
    /// <summary>Bad whoever sends them: the frame or its JSON is wrong.</summary>
    public static IReadOnlyDictionary<string, byte[]> Framing { get; } = new Dictionary<string, byte[]>
    {
        ["length 0"] = Header(0),
        ["length -1"] = Header(-1),
        ["length -2^31"] = Header(int.MinValue),
        ["length 2^31-1"] = Header(int.MaxValue),
        ["length one past the limit"] = Header(ControlChannel.MaxFrame + 1),
        ["not JSON"] = Body("hello, harness"),
        ["invalid UTF-8"] = Frame([.. "{\"type\":\"event\",\"text\":\""u8, 0xff, 0xfe, .. "\"}"u8]),
        ["a JSON array"] = Body("[1,2,3]"),
        ["JSON null"] = Body("null"),
        ["an empty object"] = Body("{}"),
        ["a type that is a number"] = Body("{\"type\":5}"),
        ["a type that is null"] = Body("{\"type\":null}"),
        ["an id that is a string"] = Body("{\"type\":\"claim\",\"id\":\"7\"}"),
        ["an id past 2^63"] = Body("{\"type\":\"claim\",\"id\":99999999999999999999}"),
        ["an id that is a fraction"] = Body("{\"type\":\"claim\",\"id\":1.5}"),
        ["deep nesting"] = Body("{\"type\":\"claim\",\"id\":1,\"text\":" + new string('[', 5000) + new string(']', 5000) + "}"),
        ["a member twice"] = Body("{\"type\":\"claim\",\"id\":1,\"id\":2}"),
        ["an unknown member"] = Body("{\"type\":\"claim\",\"id\":1,\"command\":\"rm -rf /\"}"),
        ["a lone surrogate"] = Body("{\"type\":\"event\",\"text\":\"\\ud800\"}"),
        ["an unknown type"] = Body("{\"type\":\"format-disk\",\"id\":1}"),
        ["trailing garbage"] = Body("{\"type\":\"claim\",\"id\":1} {}"),
    };

    /// <summary>Well-formed, but nothing a candidate may send (read by the harness).</summary>
    public static IReadOnlyDictionary<string, byte[]> FromCandidate { get; } = new Dictionary<string, byte[]>
    {
        ["a harness's message"] = Body("{\"type\":\"ack\",\"id\":1}"),
        ["an announce of a made-up f"] = Body("{\"type\":\"announce\",\"id\":9,\"f\":\"steal\"}"),
        ["an announce of no f"] = Body("{\"type\":\"announce\",\"id\":9}"),
        ["a release announced without its token"] = Body("{\"type\":\"announce\",\"id\":9,\"f\":\"release\"}"),
        ["an outcome of a made-up kind"] = Body("{\"type\":\"outcome\",\"id\":9,\"f\":\"acquire\",\"outcome\":\"maybe\"}"),
        ["an ok acquire without its token"] = Body("{\"type\":\"outcome\",\"id\":9,\"f\":\"acquire\",\"outcome\":\"ok\"}"),
        ["a write without its seq"] = Body("{\"type\":\"write\",\"id\":9,\"token\":3}"),
        ["a job without its slot"] = Body("{\"type\":\"job\",\"id\":9,\"token\":3}"),
        ["a claim answer that leads without a token"] = Body("{\"type\":\"claim-answer\",\"id\":9,\"leader\":true}"),
        ["a claim answer without leader"] = Body("{\"type\":\"claim-answer\",\"id\":9}"),
        ["an event without text"] = Body("{\"type\":\"event\"}"),
        ["an id of 0"] = Body("{\"type\":\"write\",\"id\":0,\"token\":3,\"seq\":1}"),
        ["a hello with an escape sequence"] = Body("{\"type\":\"hello\",\"node\":\"c1\\u001b[2J\"}"),
        ["an event longer than the limit"] = Body("{\"type\":\"event\",\"text\":\"" + new string('x', ControlRules.MaxText + 1) + "\"}"),
    };

    /// <summary>Well-formed, but nothing the harness may send (read by a candidate).</summary>
    public static IReadOnlyDictionary<string, byte[]> FromHarness { get; } = new Dictionary<string, byte[]>
    {
        ["a candidate's message"] = Body("{\"type\":\"hello\",\"node\":\"c1\"}"),
        ["a written of a made-up outcome"] = Body("{\"type\":\"written\",\"id\":1,\"outcome\":\"info\"}"),
        ["a written without its outcome"] = Body("{\"type\":\"written\",\"id\":1}"),
        ["an ack of id 0"] = Body("{\"type\":\"ack\",\"id\":0}"),
        ["a claim of a negative id"] = Body("{\"type\":\"claim\",\"id\":-4}"),
    };

    public static byte[] Body(string json) => Frame(Encoding.UTF8.GetBytes(json));

    public static byte[] Frame(byte[] body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    private static byte[] Header(int length)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, length);
        return header;
    }
}
