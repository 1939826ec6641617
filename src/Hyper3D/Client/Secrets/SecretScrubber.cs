using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Hyper3D.Client.Secrets
{
    /// <summary>
    /// Masks secrets in text taken from a server's answer before anyone sees it. A server may echo what it was sent
    /// (a validation error quoting the login body, a gateway quoting the Authorization header) or hand out a token in
    /// an answer the client then fails to read. Two rules: the value of any key that names a secret (any case, any
    /// depth, also when the text stops inside it), and the session's own token and password wherever they appear.
    /// </summary>
    internal sealed class SecretScrubber
    {
        public const string Mask = "********";

        public static readonly SecretScrubber None = new SecretScrubber(Array.Empty<string?>());

        private readonly Lazy<string[]> _known;

        public SecretScrubber(IEnumerable<string?> secrets)
        {
            // Built only when a message needs it: almost every answer is read without one.
            _known = new Lazy<string[]>(() => Forms(secrets));
        }

        /// <summary>The longest form of a known secret: a preview taken this far past its end cannot cut one in two.</summary>
        public int LongestSecret => _known.Value.Length == 0 ? 0 : _known.Value[0].Length;

        public string Scrub(string text) => ScrubKnown(MaskSecretKeys(text));

        /// <summary>
        /// Only the session's own secrets: for text of our own making (a message, a warning) that quotes a scrubbed
        /// preview, where walking it as JSON again would find keys in the wrong places.
        /// </summary>
        public string ScrubKnown(string text)
        {
            foreach (string secret in _known.Value)
            {
                text = text.Replace(secret, Mask);
            }

            return text;
        }

        /// <summary>A secret may come back as sent (JSON-escaped, URL-escaped) or as the server decoded it; longest first.</summary>
        private static string[] Forms(IEnumerable<string?> secrets) => secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => new[] { s!, JsonEncodedText.Encode(s!).ToString(), s!.Replace("\\", "\\\\").Replace("\"", "\\\""), Uri.EscapeDataString(s!) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();

        /// <summary>Keys whose value is a credential: token, password, access_token, authorization, and their kin.</summary>
        internal static bool IsSecretKey(string key)
        {
            string name = new string(key.Where(c => c != '_' && c != '-').ToArray()).ToLowerInvariant();
            return name.EndsWith("token", StringComparison.Ordinal)
                || name.EndsWith("password", StringComparison.Ordinal)
                || name.EndsWith("passwd", StringComparison.Ordinal)
                || name.EndsWith("secret", StringComparison.Ordinal)
                || name == "authorization"
                || name == "apikey";
        }

        /// <summary>
        /// Walks the text as JSON without parsing it (it may be cut off or not quite JSON): every string followed by a
        /// colon is a key, and a secret key's value is replaced up to where it ends, or to the end of the text.
        /// </summary>
        private static string MaskSecretKeys(string text)
        {
            var builder = new StringBuilder(text.Length);
            int i = 0;
            while (i < text.Length)
            {
                if (text[i] != '"')
                {
                    builder.Append(text[i]);
                    i++;
                    continue;
                }

                int keyEnd = EndOfString(text, i);
                builder.Append(text, i, keyEnd - i);
                bool closed = keyEnd - i >= 2 && text[keyEnd - 1] == '"';
                string key = closed ? text.Substring(i + 1, keyEnd - i - 2) : string.Empty;
                i = keyEnd;
                int colon = SkipSpace(text, i);
                if (!closed || colon >= text.Length || text[colon] != ':' || !IsSecretKey(key))
                {
                    continue;
                }

                int value = SkipSpace(text, colon + 1);
                builder.Append(text, i, value - i);
                if (value >= text.Length)
                {
                    i = value;
                    continue;
                }

                int valueEnd = EndOfValue(text, value);
                if (text[value] == '"')
                {
                    bool valueClosed = valueEnd - value >= 2 && text[valueEnd - 1] == '"';
                    builder.Append('"').Append(Mask).Append(valueClosed ? "\"" : string.Empty);
                }
                else
                {
                    builder.Append(Mask);
                }

                i = valueEnd;
            }

            return builder.ToString();
        }

        private static int SkipSpace(string text, int i)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            return i;
        }

        /// <summary>Just past the quote that closes the string opening at <paramref name="start"/>, or the text's end.</summary>
        private static int EndOfString(string text, int start)
        {
            for (int i = start + 1; i < text.Length; i++)
            {
                if (text[i] == '\\')
                {
                    i++;
                }
                else if (text[i] == '"')
                {
                    return i + 1;
                }
            }

            return text.Length;
        }

        /// <summary>Just past the value starting at <paramref name="start"/>: a string, a whole object or array, or a scalar.</summary>
        private static int EndOfValue(string text, int start)
        {
            char first = text[start];
            if (first == '"')
            {
                return EndOfString(text, start);
            }

            if (first == '{' || first == '[')
            {
                int depth = 0;
                for (int i = start; i < text.Length; i++)
                {
                    char c = text[i];
                    if (c == '"')
                    {
                        i = EndOfString(text, i) - 1;
                    }
                    else if (c == '{' || c == '[')
                    {
                        depth++;
                    }
                    else if ((c == '}' || c == ']') && --depth == 0)
                    {
                        return i + 1;
                    }
                }

                return text.Length;
            }

            int end = start;
            while (end < text.Length && text[end] != ',' && text[end] != '}' && text[end] != ']' && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            return end;
        }
    }
}
