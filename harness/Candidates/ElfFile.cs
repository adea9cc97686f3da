using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace ElectionJepsen.Harness.Candidates;

/// <summary>What an executable's header says about how it reads the time.</summary>
internal enum ElfKind
{
    /// <summary>Not a 64-bit little-endian ELF executable, or one too damaged to tell.</summary>
    Unknown,

    /// <summary>Linked against the C library at run time (it has a PT_INTERP header).</summary>
    Dynamic,

    /// <summary>No PT_INTERP: nothing is loaded for it, libfaketime included.</summary>
    Static,

    /// <summary>Built by Go (a .go.buildinfo or .note.go.buildid section), static or not.</summary>
    Go,
}

/// <summary>
/// Reads just enough of an ELF64 little-endian file to classify it, every offset and count
/// checked against the file, so that a truncated or corrupt file gives Unknown, never an exception.
/// </summary>
internal static class ElfFile
{
    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;
    private const int ProgramHeaderSize = 56;
    private const uint PtInterp = 3;
    private const long MaxTable = 16L * 1024 * 1024;

    private static readonly byte[][] GoSections = [".go.buildinfo\0"u8.ToArray(), ".note.go.buildid\0"u8.ToArray()];

    public static ElfKind Classify(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            return Classify(handle, RandomAccess.GetLength(handle));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ElfKind.Unknown;
        }
    }

    private static ElfKind Classify(SafeFileHandle file, long length)
    {
        var header = Read(file, length, 0, HeaderSize);
        if (header is null || !header.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) || header[4] != 2 || header[5] != 1) return ElfKind.Unknown;
        var type = U16(header, 0x10);
        if (type is not (2 or 3)) return ElfKind.Unknown; // ET_EXEC or ET_DYN

        var sections = SectionHeaders(file, length, header);
        if (sections is { } s && HasGoSection(s.Table, s.Count, s.Entry, s.Names)) return ElfKind.Go;

        var phoff = U64(header, 0x20);
        var phentsize = U16(header, 0x36);
        long phnum = U16(header, 0x38);
        if (phnum == 0xffff && sections is { } x) phnum = U32(x.Table, 0x2c); // PN_XNUM: the count is section 0's sh_info
        if (phentsize < ProgramHeaderSize || phnum == 0) return ElfKind.Unknown;
        var programs = Table(file, length, phoff, phnum, phentsize);
        if (programs is null) return ElfKind.Unknown;
        for (var i = 0; i < phnum; i++)
        {
            if (U32(programs, (int)(i * phentsize)) == PtInterp) return ElfKind.Dynamic;
        }

        return ElfKind.Static;
    }

    /// <summary>The section header table, its count and entry size, and the section names' string table; null when absent or damaged.</summary>
    private static (byte[] Table, long Count, int Entry, byte[] Names)? SectionHeaders(SafeFileHandle file, long length, byte[] header)
    {
        var shoff = U64(header, 0x28);
        var entry = U16(header, 0x3a);
        if (shoff == 0 || entry < SectionHeaderSize) return null;
        var first = Table(file, length, shoff, 1, entry);
        if (first is null) return null;
        long count = U16(header, 0x3c);
        if (count == 0) count = (long)Math.Min(U64(first, 0x20), long.MaxValue); // SHN_UNDEF: the count is section 0's sh_size
        long names = U16(header, 0x3e);
        if (names == 0xffff) names = U32(first, 0x28); // SHN_XINDEX: the index is section 0's sh_link
        if (count <= 0 || names >= count) return null;
        var table = Table(file, length, shoff, count, entry);
        if (table is null) return null;
        var at = (int)(names * entry);
        var strings = Read(file, length, U64(table, at + 0x18), U64(table, at + 0x20));
        return strings is null ? null : (table, count, entry, strings);
    }

    private static bool HasGoSection(byte[] table, long count, int entry, byte[] names)
    {
        for (var i = 0; i < count; i++)
        {
            var name = U32(table, (int)(i * entry));
            if (name >= names.Length) continue;
            foreach (var go in GoSections)
            {
                if (names.AsSpan((int)name).StartsWith(go)) return true;
            }
        }

        return false;
    }

    private static byte[]? Table(SafeFileHandle file, long length, ulong offset, long count, int entry) =>
        count <= 0 || count > MaxTable / entry ? null : Read(file, length, offset, (ulong)(count * entry));

    /// <summary>Exactly <paramref name="size"/> bytes at <paramref name="offset"/>, or null when they are not all in the file.</summary>
    private static byte[]? Read(SafeFileHandle file, long length, ulong offset, ulong size)
    {
        if (size > MaxTable || offset > (ulong)length || size > (ulong)length - offset) return null;
        var bytes = new byte[size];
        var done = 0;
        while (done < bytes.Length)
        {
            var n = RandomAccess.Read(file, bytes.AsSpan(done), (long)offset + done);
            if (n <= 0) return null;
            done += n;
        }

        return bytes;
    }

    private static ushort U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(at));

    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));

    private static ulong U64(byte[] b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at));
}
