namespace Hyper3D.Emulator;

// Every card fact is a pure function of (seed, ordinal, salt), so 200,000 cards cost no memory
// and any process started with the same options serves byte-identical data.
internal static class Hashing
{
    public static ulong Mix(ulong x)
    {
        // SplitMix64 finaliser: cheap and well spread, which is all a test fixture needs.
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static ulong Of(long seed, long ordinal, ulong salt) =>
        Mix(Mix((ulong)seed ^ (salt * 0xD6E8FEB86659FD93UL)) ^ (ulong)ordinal);

    public static int Below(ulong h, int n) => (int)(h % (ulong)n);
}
