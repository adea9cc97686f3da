using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>A file an image is made from: its path as named in the image's inputs, its mode, and where its bytes are.</summary>
public sealed record InputFile(string Path, UnixFileMode Mode, string Source)
{
    /// <summary>The file at <paramref name="source"/>, named <paramref name="path"/>, with the mode it has on disk.</summary>
    public static InputFile At(string path, string source) => new(path, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(source), source);
}

/// <summary>
/// The digest of an image's inputs (sha256, hex): the Dockerfile, the files it is made from
/// (path, mode and bytes, in the order of their paths), the base image's id and the build
/// arguments. The same inputs always give the same digest; any change to one gives another,
/// and the image is built again.
/// </summary>
public static class ImageInputs
{
    /// <summary>How many hex digits of the digest name an image's tag.</summary>
    public const int TagLength = 12;

    public static string Digest(string dockerfile, IEnumerable<InputFile> files, string baseImageId, IReadOnlyDictionary<string, string> buildArgs)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Field(hash, "dockerfile");
        Field(hash, File.ReadAllBytes(dockerfile));
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            Field(hash, "file");
            Field(hash, file.Path);
            Field(hash, Convert.ToString((int)file.Mode, 8));
            Field(hash, File.ReadAllBytes(file.Source));
        }

        Field(hash, "base");
        Field(hash, baseImageId);
        foreach (var (name, value) in buildArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Field(hash, "arg");
            Field(hash, name);
            Field(hash, value);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The digest of what is not files: a list of strings, each kept apart from the next.</summary>
    public static string Digest(params IEnumerable<string> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts) Field(hash, part);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The tag an image of this digest carries.</summary>
    public static string Tag(string digest) => digest[..TagLength];

    private static void Field(IncrementalHash hash, string text) => Field(hash, Encoding.UTF8.GetBytes(text));

    /// <summary>A field with its length before it, so that no two lists of fields hash alike.</summary>
    private static void Field(IncrementalHash hash, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, bytes.LongLength);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
