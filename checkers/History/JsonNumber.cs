using System.Numerics;

namespace ElectionJepsen.Checkers.History;

/// <summary>
/// A JSON number by its value, exactly: no conversion to binary floating point. Equal
/// numbers get one canonical text (<c>1</c>, <c>1.0</c>, <c>1e0</c> and <c>10e-1</c> are all
/// <c>1</c>; <c>-0</c> is <c>0</c>): an integer with up to 21 digits is written as one, a
/// number with a fraction and a point within six places of its first digit as a decimal
/// (<c>0.000125</c>, <c>2.5</c>), any other as its significant digits and an exponent
/// (<c>1.5e300</c>, <c>1e-7</c>), so that the text never grows past its digits and stays exact.
/// </summary>
internal static class JsonNumber
{
    /// <summary>An exponent with more digits than this is refused, rather than computed with.</summary>
    public const int MaxExponentDigits = 1000;

    /// <summary>Writes the canonical text of <paramref name="raw"/>, a number token the JSON reader accepted.</summary>
    public static void WriteCanonical(ReadOnlySpan<byte> raw, ArrayBufferWriterLite output)
    {
        if (IsPlainInteger(raw))
        {
            output.Write(raw);
            return;
        }

        var buffer = raw.Length <= 128 ? stackalloc byte[128] : new byte[raw.Length];
        var digits = Decompose(raw, buffer, out var negative, out var exponent);
        if (digits.Length == 0)
        {
            output.Write("0"u8);
            return;
        }

        if (negative) output.Write("-"u8);
        var point = digits.Length + exponent;
        if (exponent >= 0 && point <= 21)
        {
            output.Write(digits);
            for (var i = 0; i < (int)exponent; i++) output.Write("0"u8);
        }
        else if (exponent < 0 && point > -6)
        {
            if (point > 0)
            {
                output.Write(digits[..(int)point]);
                output.Write("."u8);
                output.Write(digits[(int)point..]);
            }
            else
            {
                output.Write("0."u8);
                for (var i = 0; i < (int)-point; i++) output.Write("0"u8);
                output.Write(digits);
            }
        }
        else
        {
            output.Write(digits[..1]);
            if (digits.Length > 1)
            {
                output.Write("."u8);
                output.Write(digits[1..]);
            }

            output.Write("e"u8);
            output.WriteAscii((point - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>True when the reader's number token is an integer (by value) that fits a long: plainly written, or as <c>7.0</c>.</summary>
    public static bool TryGetInt64(ref System.Text.Json.Utf8JsonReader reader, out long value) =>
        reader.TryGetInt64(out value) || TryGetInt64(reader.ValueSpan, out value);

    /// <summary>True when the number is an integer (by value, as <c>7.0</c> or <c>7e0</c> is) that fits a long.</summary>
    public static bool TryGetInt64(ReadOnlySpan<byte> raw, out long value)
    {
        value = 0;
        var buffer = raw.Length <= 128 ? stackalloc byte[128] : new byte[raw.Length];
        var digits = Decompose(raw, buffer, out var negative, out var exponent);
        if (digits.Length == 0) return true;
        if (exponent < 0 || digits.Length + exponent > 19) return false;
        decimal d = 0;
        foreach (var b in digits) d = (d * 10) + (b - '0');
        for (var i = 0; i < (int)exponent; i++) d *= 10;
        if (negative) d = -d;
        if (d is < long.MinValue or > long.MaxValue) return false;
        value = (long)d;
        return true;
    }

    /// <summary>An integer of up to 21 digits without fraction, exponent or minus zero: already canonical.</summary>
    public static bool IsPlainInteger(ReadOnlySpan<byte> raw)
    {
        var digits = raw[0] == (byte)'-' ? raw[1..] : raw;
        if (digits.Length > 21) return false;
        if (digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0) return false;
        return digits[0] != (byte)'0' || (digits.Length == 1 && raw.Length == 1);
    }

    /// <summary>The value as sign, significant digits (no leading or trailing zeros, written into <paramref name="buffer"/>) and a power of ten.</summary>
    private static Span<byte> Decompose(ReadOnlySpan<byte> raw, Span<byte> buffer, out bool negative, out BigInteger exponent)
    {
        negative = raw[0] == (byte)'-';
        var i = negative ? 1 : 0;
        var intStart = i;
        while (i < raw.Length && char.IsAsciiDigit((char)raw[i])) i++;
        var integer = raw[intStart..i];
        var fraction = ReadOnlySpan<byte>.Empty;
        if (i < raw.Length && raw[i] == (byte)'.')
        {
            var s = ++i;
            while (i < raw.Length && char.IsAsciiDigit((char)raw[i])) i++;
            fraction = raw[s..i];
        }

        exponent = i < raw.Length ? Exponent(raw[(i + 1)..]) : BigInteger.Zero;
        var all = buffer[..(integer.Length + fraction.Length)];
        integer.CopyTo(all);
        fraction.CopyTo(all[integer.Length..]);
        var lead = all.IndexOfAnyExcept((byte)'0');
        if (lead < 0)
        {
            (negative, exponent) = (false, BigInteger.Zero);
            return [];
        }

        var end = all.LastIndexOfAnyExcept((byte)'0') + 1;
        exponent = exponent - fraction.Length + (all.Length - end);
        return all[lead..end];
    }

    private static BigInteger Exponent(ReadOnlySpan<byte> text)
    {
        var negative = text[0] == (byte)'-';
        var digits = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        var lead = digits.IndexOfAnyExcept((byte)'0');
        digits = lead < 0 ? [] : digits[lead..];
        if (digits.Length > MaxExponentDigits)
        {
            throw new HistoryDataException($"a number's exponent has more than {MaxExponentDigits} digits");
        }

        BigInteger value = digits.Length <= 18
            ? digits.IsEmpty ? 0 : long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture)
            : BigInteger.Parse(System.Text.Encoding.ASCII.GetString(digits), System.Globalization.CultureInfo.InvariantCulture);
        return negative ? -value : value;
    }
}
