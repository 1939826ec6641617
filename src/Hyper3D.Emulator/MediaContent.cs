using System.Buffers.Binary;
using System.Globalization;

namespace Hyper3D.Emulator;

/// <summary>
/// One media file as the emulator serves it: its size, bytes, ETag and Last-Modified are pure functions of
/// (seed, path), so any process started with the same options serves the same file, and any range of it
/// costs no memory to produce.
/// </summary>
internal sealed class MediaContent
{
    private static readonly ulong[] Table = Enumerable.Range(0, 8192).Select(i => Hashing.Mix(0xA5A5_0000UL + (ulong)i)).ToArray();

    private readonly ulong _key;

    private MediaContent(ulong key, long length, string contentType)
    {
        _key = key;
        Length = length;
        ContentType = contentType;
        ETag = "\"" + key.ToString("x16", CultureInfo.InvariantCulture) + "-" + length.ToString("x", CultureInfo.InvariantCulture) + "\"";

        // Within the 30 days before the data's base time, whole seconds (HTTP dates carry no fraction).
        long seconds = (SeedData.BaseTimeMs / 1000) - (long)(Hashing.Mix(key) % (30UL * 24 * 3600));
        LastModified = DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    public long Length { get; }

    public string ContentType { get; }

    public string ETag { get; }

    public DateTimeOffset LastModified { get; }

    /// <summary>The file behind <c>/media/{uuid}/{name}</c>; sizes spread evenly from the minimum to the maximum.</summary>
    public static MediaContent For(long seed, string uuid, string name, long minimumBytes, long maximumBytes)
    {
        ulong key = Hashing.Mix((ulong)seed ^ Fnv(uuid) ^ (Fnv(name) * 0x9E3779B97F4A7C15UL));
        long span = maximumBytes - minimumBytes + 1;
        long length = minimumBytes + (long)(Hashing.Mix(key ^ 0x5bd1e995UL) % (ulong)span);
        string type = name.EndsWith(".mp4", StringComparison.Ordinal) ? "video/mp4" : "image/webp";
        return new MediaContent(key, length, type);
    }

    /// <summary>Fills <paramref name="buffer"/> with the bytes from <paramref name="offset"/> on.</summary>
    public void Fill(long offset, Span<byte> buffer)
    {
        // Word w is a shared pseudo-random table entry xor one hash per table span: one xor per 8 bytes, so
        // serving a 1 GiB file costs the emulator little next to the client it measures.
        long word = offset / 8;
        int skip = (int)(offset % 8);
        Span<byte> scratch = stackalloc byte[8];
        int written = 0;
        ulong spanKey = 0;
        long spanIndex = -1;
        while (written < buffer.Length)
        {
            long span = word / Table.Length;
            if (span != spanIndex)
            {
                spanIndex = span;
                spanKey = Hashing.Mix(_key + (ulong)span);
            }

            ulong value = Table[word % Table.Length] ^ spanKey;
            int take = Math.Min(8 - skip, buffer.Length - written);
            if (skip == 0 && take == 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(buffer[written..], value);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(scratch, value);
                scratch.Slice(skip, take).CopyTo(buffer[written..]);
            }

            written += take;
            skip = 0;
            word++;
        }
    }

    private static ulong Fnv(string text)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in text)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        return h;
    }
}
