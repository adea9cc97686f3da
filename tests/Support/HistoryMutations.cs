using System.Globalization;
using System.Text;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

/// <summary>
/// Seeded damage to the bytes of a history file, of the kinds a crash, a faulty writer or
/// a hostile file brings: bytes flipped, inserted, deleted; the file truncated; lines cut,
/// duplicated, removed, swapped, blank; invalid UTF-8; bare CRs; huge and odd numbers;
/// escapes; deep nesting; values of the wrong type; trailing white space.
/// </summary>
public static class HistoryMutations
{
    private static readonly string[] Odd =
    [
        "1e99999", "123456789012345678901234567890", "1.5", "-1", "0.0", "1e0", "-0", "null", "true", "\"7\"",
        "[]", "{}", "{\"token\":1.0}", "\"\\u0063\\u0031\"", "\"\\ud800\"", "\"\\u006fk\"", "9223372036854775808", "\"\"",
    ];

    private static readonly byte[][] BadUtf8 = [[0xff], [0xc3], [0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];

    /// <summary>The bytes of a valid generated history, as the harness writes them.</summary>
    public static byte[] Bytes(GeneratedHistory history)
    {
        var stream = new MemoryStream();
        using (var writer = new HistoryWriter(stream, flushInterval: TimeSpan.Zero))
        {
            foreach (var ev in history.Events()) writer.Write(ev);
        }

        return stream.ToArray();
    }

    /// <summary>Applies one to three mutations; returns the bytes and what was done.</summary>
    public static (byte[] Bytes, string Done) Mutate(byte[] bytes, Random random)
    {
        var list = bytes.ToList();
        var done = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++) done.Add(MutateOnce(list, random));
        return ([.. list], string.Join("; ", done));
    }

    private static string MutateOnce(List<byte> b, Random r)
    {
        var at = b.Count == 0 ? 0 : r.Next(b.Count);
        switch (r.Next(16))
        {
            case 0:
                if (b.Count > 0) b[at] = (byte)r.Next(256);
                return $"flip byte {at}";
            case 1:
                var junk = new byte[1 + r.Next(8)];
                r.NextBytes(junk);
                b.InsertRange(at, junk);
                return $"insert {junk.Length} random bytes at {at}";
            case 2:
                var n = Math.Min(b.Count - at, 1 + r.Next(40));
                b.RemoveRange(at, n);
                return $"delete {n} bytes at {at}";
            case 3:
                b.RemoveRange(at, b.Count - at);
                return $"truncate at {at}";
            case 4:
                b.InsertRange(at, BadUtf8[r.Next(BadUtf8.Length)]);
                return $"bad UTF-8 at {at}";
            case 5:
                b.Insert(at, (byte)'\r');
                return $"CR at {at}";
            case 6:
                return Replace(b, r, "\"value\":null", $"\"value\":{new string('[', 60 + r.Next(10))}{new string(']', 60 + r.Next(10))}", "nesting");
            case 7:
                return Replace(b, r, $"\"{Pick(r, "index", "time", "process", "type", "f", "key", "value", "error")}\":", $"\"{Pick(r, "index", "time", "process", "type", "f", "key", "value", "error")}\":{Odd[r.Next(Odd.Length)]},\"x\":", "wrong type");
            case 8:
                return Replace(b, r, "\"", "\"\\u0063", "escape");
            case 9:
                return Replace(b, r, "\"token\":", "\"\\u0074oken\":", "escaped name");
            default:
                return Lines(b, r);
        }
    }

    private static string Lines(List<byte> b, Random r)
    {
        var text = b.ToArray();
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != (byte)'\n') continue;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }

        if (start < text.Length) lines.Add(text[start..]);
        if (lines.Count == 0) return "no line to change";
        var k = r.Next(lines.Count);
        string done;
        switch (r.Next(6))
        {
            case 0:
                lines.Insert(k, lines[k]);
                done = $"duplicate line {k + 1}";
                break;
            case 1:
                lines.RemoveAt(k);
                done = $"remove line {k + 1}";
                break;
            case 2:
                var j = r.Next(lines.Count);
                (lines[k], lines[j]) = (lines[j], lines[k]);
                done = $"swap lines {k + 1} and {j + 1}";
                break;
            case 3:
                lines.Insert(k, "\n"u8.ToArray());
                done = $"blank line before {k + 1}";
                break;
            case 4:
                lines[k] = lines[k][..r.Next(lines[k].Length)];
                done = $"cut line {k + 1}";
                break;
            default:
                lines.Add(Encoding.UTF8.GetBytes(new string(' ', r.Next(3)) + string.Concat(Enumerable.Repeat("\n", r.Next(5)))));
                done = "trailing white space";
                break;
        }

        b.Clear();
        foreach (var line in lines) b.AddRange(line);
        return done;
    }

    private static string Replace(List<byte> b, Random r, string find, string with, string what)
    {
        var text = b.ToArray();
        var pattern = Encoding.UTF8.GetBytes(find);
        var from = r.Next(Math.Max(1, text.Length));
        var at = text.AsSpan(from).IndexOf(pattern);
        if (at < 0) at = text.AsSpan().IndexOf(pattern);
        else at += from;
        if (at < 0) return $"{what}: nothing to replace";
        b.RemoveRange(at, pattern.Length);
        b.InsertRange(at, Encoding.UTF8.GetBytes(with));
        return string.Create(CultureInfo.InvariantCulture, $"{what} at {at}: {with}");
    }

    private static string Pick(Random r, params string[] names) => names[r.Next(names.Length)];
}
