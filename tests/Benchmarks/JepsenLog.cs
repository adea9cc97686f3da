using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ElectionJepsen.Benchmarks;

/// <summary>
/// Converts a Jepsen log of a compare-and-set register (lines such as
/// <c>INFO  jepsen.util - 3	:ok	:cas	[3 0]</c>) into a history of model cas-register. The log
/// has no clock: a line's number is its time, so real-time order is the order of the lines.
/// <c>:fail</c> of a read (timed out) took no effect: a fail; <c>:fail</c> of a cas is Jepsen's
/// "the value was not from": a completed cas that answered false, as Porcupine's etcd model
/// reads it; <c>:info</c> is unknown; an operation still open at the end stays open.
/// </summary>
public static partial class JepsenLog
{
    public static void ConvertEtcd(string logPath, string historyPath)
    {
        using var file = File.Create(historyPath);
        using var output = new Utf8JsonWriter(file);
        var index = 0L;
        foreach (var line in File.ReadLines(logPath))
        {
            var m = LinePattern().Match(line);
            if (!m.Success) continue;
            var (process, type, f, value) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value.Trim());
            if (type == "fail" && f == "cas") type = "cas-false";
            output.WriteStartObject();
            output.WriteNumber("index", index);
            output.WriteNumber("time", index * 1000);
            output.WriteString("process", process);
            output.WriteString("type", type == "cas-false" ? "ok" : type);
            output.WriteString("f", f);
            switch (type, f)
            {
                case ("invoke", "read"):
                    output.WriteNull("value");
                    break;
                case ("invoke", _):
                case ("ok", "read"):
                    output.WritePropertyName("value");
                    WriteValue(output, value);
                    break;
                case ("ok", "cas"):
                    output.WriteBoolean("value", true);
                    break;
                case ("cas-false", _):
                    output.WriteBoolean("value", false);
                    break;
                case ("fail" or "info", _):
                    output.WriteString("error", value.TrimStart(':'));
                    break;
            }

            output.WriteEndObject();
            output.Flush();
            file.WriteByte((byte)'\n');
            output.Reset();
            index++;
        }
    }

    /// <summary>nil, a number, or [from to].</summary>
    private static void WriteValue(Utf8JsonWriter output, string value)
    {
        if (value == "nil")
        {
            output.WriteNullValue();
        }
        else if (value.StartsWith('['))
        {
            output.WriteStartArray();
            foreach (var n in value.Trim('[', ']').Split(' ', StringSplitOptions.RemoveEmptyEntries)) output.WriteNumberValue(long.Parse(n, CultureInfo.InvariantCulture));
            output.WriteEndArray();
        }
        else
        {
            output.WriteNumberValue(long.Parse(value, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s*(.*)$")]
    private static partial Regex LinePattern();
}
