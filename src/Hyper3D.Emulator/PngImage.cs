using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Hyper3D.Emulator;

/// <summary>
/// A small valid PNG (8-bit RGB, no interlace): a coloured tile with a lighter disc, so a report of the emulator's
/// gallery shows pictures of distinct colours and sizes as a real gallery would.
/// </summary>
internal static class PngImage
{
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    public static byte[] Encode(int width, int height, (byte R, byte G, byte B) colour)
    {
        // Each row: filter type 0 (none), then the pixels.
        int stride = 1 + (width * 3);
        var raw = new byte[stride * height];
        double cx = width / 2.0, cy = height / 2.0, radius = Math.Min(width, height) * 0.3;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double dx = x - cx, dy = y - cy;
                bool disc = (dx * dx) + (dy * dy) <= radius * radius;
                int at = (y * stride) + 1 + (x * 3);
                raw[at] = disc ? Lighter(colour.R) : colour.R;
                raw[at + 1] = disc ? Lighter(colour.G) : colour.G;
                raw[at + 2] = disc ? Lighter(colour.B) : colour.B;
            }
        }

        using var png = new MemoryStream();
        png.Write(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A });
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per channel
        header[9] = 2; // RGB
        WriteChunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            WriteChunk(png, "IDAT", compressed.ToArray());
        }

        WriteChunk(png, "IEND", Array.Empty<byte>());
        return png.ToArray();
    }

    private static byte Lighter(byte channel) => (byte)(channel + ((255 - channel) / 2));

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        uint crc = Crc(0xFFFFFFFFu, typeBytes);
        crc = Crc(crc, data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(number, crc);
        png.Write(number);
    }

    private static uint Crc(uint crc, byte[] bytes)
    {
        foreach (byte b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }
}
