using System;
using System.IO;

namespace Hyper3D.Reports
{
    /// <summary>
    /// Puts server text into HTML so that it always reads as text: markup, quotes and control characters from a
    /// card can neither open an element, leave an attribute, nor end the page's script.
    /// </summary>
    internal static class HtmlText
    {
        /// <summary>Writes text escaped for element content and for quoted attribute values alike.</summary>
        public static void Write(TextWriter writer, string? text, int maxLength = int.MaxValue)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }

            int end = Math.Min(text!.Length, maxLength);
            if (end < text.Length && end > 0 && char.IsHighSurrogate(text[end - 1]))
            {
                end--;
            }

            for (int i = 0; i < end; i++)
            {
                char c = text[i];
                switch (c)
                {
                    case '&': writer.Write("&amp;"); break;
                    case '<': writer.Write("&lt;"); break;
                    case '>': writer.Write("&gt;"); break;
                    case '"': writer.Write("&quot;"); break;
                    case '\'': writer.Write("&#39;"); break;
                    case '\n':
                    case '\t':
                        writer.Write(c);
                        break;
                    default:
                        if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(text[i + 1]))
                        {
                            writer.Write(c);
                            writer.Write(text[++i]);
                        }
                        else if (char.IsSurrogate(c) || (char.IsControl(c) && c != '\r') || c == '\uFFFE' || c == '\uFFFF')
                        {
                            // HTML forbids these; a lone surrogate would also make the file invalid UTF-8.
                            writer.Write('\uFFFD');
                        }
                        else if (c != '\r')
                        {
                            writer.Write(c);
                        }

                        break;
                }
            }

            if (end < text.Length)
            {
                writer.Write('\u2026');
            }
        }

        public static string Escape(string? text, int maxLength = int.MaxValue)
        {
            using var writer = new StringWriter();
            Write(writer, text, maxLength);
            return writer.ToString();
        }

        /// <summary>
        /// The address to put in src or href, or null when it is not an absolute http(s) address: a
        /// javascript:, data: or relative address from a server must not become a link in the report.
        /// </summary>
        public static string? WebAddress(string? address)
        {
            if (string.IsNullOrWhiteSpace(address)
                || !Uri.TryCreate(address!.Trim(), UriKind.Absolute, out Uri? uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return null;
            }

            return uri.AbsoluteUri;
        }
    }
}
