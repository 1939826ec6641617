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

    /// <summary>The bytes a file starts with (an image's PNG); the rest is filler that no image decoder reads.</summary>
    private readonly byte[] _head;

    private MediaContent(ulong key, long length, string contentType, byte[] head)
    {
        _key = key;
        _head = head;
        Length = Math.Max(length, head.Length);
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
        if (name.EndsWith(".mp4", StringComparison.Ordinal))
        {
            return new MediaContent(key, length, "video/mp4", Array.Empty<byte>());
        }

        // A real picture of its own colour and size: the rest of the file's length follows its IEND chunk, which
        // decoders stop at, so the sizes the media options ask for (and a 1 GiB file) still hold.
        ulong look = Hashing.Mix(key ^ 0x1F83D9ABFB41BD6BUL);
        int width = 96 + (int)(look % 129);
        int height = 72 + (int)((look >> 8) % 97);
        var colour = ((byte)(40 + ((look >> 16) % 160)), (byte)(40 + ((look >> 24) % 160)), (byte)(40 + ((look >> 32) % 160)));
        return new MediaContent(key, length, "image/png", PngImage.Encode(width, height, colour));
    }

    /// <summary>Fills <paramref name="buffer"/> with the bytes from <paramref name="offset"/> on.</summary>
    public void Fill(long offset, Span<byte> buffer)
    {
        if (offset < _head.Length)
        {
            int take = (int)Math.Min(_head.Length - offset, buffer.Length);
            _head.AsSpan((int)offset, take).CopyTo(buffer);
            offset += take;
            buffer = buffer[take..];
        }

        FillFiller(offset, buffer);
    }

    private void FillFiller(long offset, Span<byte> buffer)
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
