using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Hyper3D.Emulator;

/// <summary>Opaque bearer tokens: 256 random bits each, so tests can rely on them being unguessable.</summary>
internal sealed class TokenStore
{
    private readonly ConcurrentDictionary<string, (int Account, DateTimeOffset Issued)> _tokens = new(StringComparer.Ordinal);
    private readonly TimeSpan? _ttl;

    public TokenStore(int ttlSeconds)
    {
        _ttl = ttlSeconds > 0 ? TimeSpan.FromSeconds(ttlSeconds) : null;
    }

    public string Issue(int account)
    {
        string token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = (account, DateTimeOffset.UtcNow);
        return token;
    }

    /// <summary>The account index for a live token, or -1 when unknown, expired or revoked.</summary>
    public int Validate(string token)
    {
        if (!_tokens.TryGetValue(token, out var entry))
        {
            return -1;
        }

        if (_ttl is TimeSpan ttl && DateTimeOffset.UtcNow - entry.Issued >= ttl)
        {
            _tokens.TryRemove(token, out _);
            return -1;
        }

        return entry.Account;
    }

    public int ExpireAll()
    {
        int count = _tokens.Count;
        _tokens.Clear();
        return count;
    }

    /// <summary>Stable per token (a client may compare it between pages) without revealing the token.</summary>
    public static string SubscriptionKey(string? token)
    {
        if (token is null)
        {
            return "sk_anon_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        }

        return "sk_" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))[..32];
    }
}
