using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ElectionJepsen.Checkers.History;

/// <summary>The fields of a line that the contract names, found whatever the escaping of their names.</summary>
internal static partial class LineParser
{
    [Flags]
    private enum Field : byte
    {
        None = 0,
        Index = 1,
        Time = 2,
        Process = 4,
        Type = 8,
        F = 16,
        Key = 32,
        Error = 64,
        Value = 128,
    }

    /// <summary>Which field of the contract a member name is, escaped or not; None for others.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Field Known(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return Known(reader.ValueSpan);
        if (reader.ValueSpan.Length > 64) return Field.None;
        Span<byte> name = stackalloc byte[64];
        return Known(name[..reader.CopyString(name)]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Field Known(ReadOnlySpan<byte> name) => name.Length switch
    {
        1 when name[0] == (byte)'f' => Field.F,
        3 when name.SequenceEqual("key"u8) => Field.Key,
        4 when name.SequenceEqual("time"u8) => Field.Time,
        4 when name.SequenceEqual("type"u8) => Field.Type,
        5 when name.SequenceEqual("index"u8) => Field.Index,
        5 when name.SequenceEqual("value"u8) => Field.Value,
        5 when name.SequenceEqual("error"u8) => Field.Error,
        7 when name.SequenceEqual("process"u8) => Field.Process,
        _ => Field.None,
    };

    private static string Name(Field field) => field switch
    {
        Field.Index => "index",
        Field.Time => "time",
        Field.Process => "process",
        Field.Type => "type",
        Field.F => "f",
        Field.Key => "key",
        Field.Error => "error",
        _ => "value",
    };
}
