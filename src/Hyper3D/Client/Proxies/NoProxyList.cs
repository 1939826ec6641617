using System;
using System.Linq;

namespace Hyper3D.Client.Proxies
{
    /// <summary>
    /// NO_PROXY as curl reads it: comma-separated hosts that go direct. "*" is every host; "example.com",
    /// ".example.com" and "*.example.com" all mean example.com and every host under it; an IP address matches itself;
    /// "host:port" matches that port only.
    /// </summary>
    internal sealed class NoProxyList
    {
        public static readonly NoProxyList Empty = new NoProxyList(Array.Empty<(string, int?)>(), false);

        private readonly (string Host, int? Port)[] _entries;
        private readonly bool _everything;

        private NoProxyList((string Host, int? Port)[] entries, bool everything)
        {
            _entries = entries;
            _everything = everything;
        }

        public static NoProxyList Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return Empty;
            }

            string[] items = text!.Split(new[] { ',', ' ' }, StringSplitOptions.RemoveEmptyEntries);
            bool everything = items.Any(item => item == "*");
            return new NoProxyList(items.Where(item => item != "*").Select(Entry).Where(entry => entry.Host.Length > 0).ToArray(), everything);
        }

        public bool Matches(Uri uri)
        {
            if (_everything)
            {
                return true;
            }

            string host = uri.IdnHost.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
            return _entries.Any(entry =>
                (entry.Port == null || entry.Port == uri.Port)
                && (host == entry.Host || host.EndsWith("." + entry.Host, StringComparison.Ordinal)));
        }

        private static (string Host, int? Port) Entry(string item)
        {
            string host = item.Trim().ToLowerInvariant();
            int? port = null;
            int colon = host.LastIndexOf(':');
            bool bracketed = host.StartsWith("[", StringComparison.Ordinal);
            if (colon > 0 && (!bracketed || host[colon - 1] == ']') && (bracketed || host.IndexOf(':') == colon)
                && int.TryParse(host.Substring(colon + 1), out int parsed))
            {
                port = parsed;
                host = host.Substring(0, colon);
            }

            host = host.Trim('[', ']');
            if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                host = host.Substring(2);
            }

            return (host.TrimStart('.').TrimEnd('.'), port);
        }
    }
}
