using System.Text;
using System.Text.Json;

namespace ElectionJepsen.Checkers.History;

/// <summary>
/// The <c>value</c> of a history line, compared as a JSON value (docs/history.md): the
/// lease fields of the spec (<c>token</c>, <c>seq</c>, <c>slot</c> as integers,
/// <c>leader</c>) are pulled out of an object as numbers, and any other JSON is kept as its
/// canonical text (<see cref="CanonicalJson"/>: numbers by value, object members in one
/// order, strings unescaped), so that equal values are equal here whatever their
/// spelling. A plain lease object keeps no text at all, so that a million-operation
/// history does not hold a million small strings.
/// </summary>
public readonly struct OpValue : IEquatable<OpValue>
{
    [Flags]
    private enum Fields : byte
    {
        None = 0,
        Present = 1,
        Token = 2,
        Seq = 4,
        Slot = 8,
        Leader = 16,
        LeaderTrue = 32,
    }

    private readonly Fields _fields;
    private readonly long _token;
    private readonly long _seq;
    private readonly long _slot;

    private OpValue(Fields fields, long token, long seq, long slot, string? json)
    {
        _fields = fields;
        _token = token;
        _seq = seq;
        _slot = slot;
        Json = json;
    }

    /// <summary>No <c>value</c> field at all.</summary>
    public static OpValue Absent => default;

    /// <summary>The JSON literal <c>null</c>.</summary>
    public static OpValue Null { get; } = new(Fields.Present, 0, 0, 0, "null");

    public static OpValue FromToken(long token) => new(Fields.Present | Fields.Token, token, 0, 0, null);

    /// <summary>The ok value of an acquire: <c>{"token": k}</c>, or <c>null</c> for a grant that reported no token.</summary>
    public static OpValue Grant(long? token) => token is { } k ? FromToken(k) : Null;

    /// <summary><c>{"token": k, "seq": n}</c>, or <c>{"seq": n}</c> for a write that carried no token.</summary>
    public static OpValue Write(long? token, long seq) => token is { } k
        ? new(Fields.Present | Fields.Token | Fields.Seq, k, seq, 0, null)
        : new(Fields.Present | Fields.Seq, 0, seq, 0, null);

    /// <summary><c>{"slot": s, "token": k}</c>, or <c>{"slot": s}</c> for a job that carried no token.</summary>
    public static OpValue Job(long slot, long? token) => token is { } k
        ? new(Fields.Present | Fields.Slot | Fields.Token, k, 0, slot, null)
        : new(Fields.Present | Fields.Slot, 0, 0, slot, null);

    /// <summary><c>{"leader": true, "token": k}</c>, <c>{"leader": true}</c> for a leader that reported no token, or <c>{"leader": false}</c>.</summary>
    public static OpValue Claim(bool leader, long? token) => !leader ? NotLeader
        : token is { } k ? new(Fields.Present | Fields.Leader | Fields.LeaderTrue | Fields.Token, k, 0, 0, null)
        : new(Fields.Present | Fields.Leader | Fields.LeaderTrue, 0, 0, 0, null);

    public static OpValue NotLeader { get; } = new(Fields.Present | Fields.Leader, 0, 0, 0, null);

    /// <summary>Any JSON value, given as its text; it is made canonical.</summary>
    public static OpValue FromJson(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        if (!reader.Read())
        {
            throw new ArgumentException("empty JSON value", nameof(json));
        }

        return ValueParser.Parse(ref reader, bytes, null);
    }

    public static OpValue FromInt64(long n) => new(Fields.Present, 0, 0, 0, n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal static OpValue FromParts(bool hasToken, long token, bool hasSeq, long seq, bool hasSlot, long slot, bool? leader, string? json)
    {
        var f = Fields.Present;
        if (hasToken) f |= Fields.Token;
        if (hasSeq) f |= Fields.Seq;
        if (hasSlot) f |= Fields.Slot;
        if (leader is { } l) f |= l ? Fields.Leader | Fields.LeaderTrue : Fields.Leader;
        return new OpValue(f, token, seq, slot, json);
    }

    public bool IsPresent => (_fields & Fields.Present) != 0;

    public bool IsNull => Json == "null";

    /// <summary>Canonical JSON text for values that are not plain lease objects; null for those and when absent.</summary>
    public string? Json { get; }

    public long? Token => (_fields & Fields.Token) != 0 ? _token : null;

    public long? Seq => (_fields & Fields.Seq) != 0 ? _seq : null;

    public long? Slot => (_fields & Fields.Slot) != 0 ? _slot : null;

    public bool? Leader => (_fields & Fields.Leader) != 0 ? (_fields & Fields.LeaderTrue) != 0 : null;

    /// <summary>The value as compact JSON, or null when absent.</summary>
    public string? ToJson()
    {
        if (!IsPresent) return null;
        if (Json is not null) return Json;
        var buffer = new ArrayBufferWriterLite();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteTo(w);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the value (which must be present).</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        if (Json is not null)
        {
            w.WriteRawValue(Json, skipInputValidation: true);
            return;
        }

        w.WriteStartObject();
        if (Leader is { } leader) w.WriteBoolean("leader"u8, leader);
        if (Slot is { } slot) w.WriteNumber("slot"u8, slot);
        if (Token is { } token) w.WriteNumber("token"u8, token);
        if (Seq is { } seq) w.WriteNumber("seq"u8, seq);
        w.WriteEndObject();
    }

    public override string ToString() => ToJson() ?? "(absent)";

    public bool Equals(OpValue other) =>
        _fields == other._fields && _token == other._token && _seq == other._seq && _slot == other._slot &&
        string.Equals(Json, other.Json, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is OpValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_fields, _token, _seq, _slot, Json);

    public static bool operator ==(OpValue left, OpValue right) => left.Equals(right);

    public static bool operator !=(OpValue left, OpValue right) => !left.Equals(right);
}
