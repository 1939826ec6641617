using System.Globalization;
using System.Text;

namespace Hyper3D.Client
{
    /// <summary>
    /// Text from a server made safe to put in a message: a console obeys control characters (a line break forges a
    /// line, an escape sequence repaints the screen) and bidirectional overrides reorder what the reader sees.
    /// </summary>
    internal static class PrintableText
    {
        public static string WithoutControls(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                if (!IsControl(c))
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }

        /// <summary>At most <paramref name="maximum"/> characters, with an ellipsis where it was cut (never inside a surrogate pair).</summary>
        public static string Cut(string text, int maximum)
        {
            if (text.Length <= maximum)
            {
                return text;
            }

            int length = char.IsHighSurrogate(text[maximum - 1]) ? maximum - 1 : maximum;
            return text.Substring(0, length) + "…";
        }

        public static bool IsControl(char c) => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
    }
}
