using System.Globalization;

namespace Hyper3D.Client.Secrets
{
    /// <summary>What may go into <c>Authorization: Bearer</c>: visible ASCII only, as the bearer token syntax allows.</summary>
    internal static class BearerToken
    {
        /// <summary>
        /// The token without the whitespace a file or a paste leaves around it (Get-Content -Raw keeps the final
        /// newline), or null with what makes it unusable. The problem names a position, never the token's text.
        /// </summary>
        public static string? Normalize(string raw, out string? problem)
        {
            string token = raw.Trim();
            problem = null;
            if (token.Length == 0)
            {
                problem = "nothing but whitespace";
                return null;
            }

            for (int i = 0; i < token.Length; i++)
            {
                char c = token[i];
                if (c > ' ' && c < '\u007f')
                {
                    continue;
                }

                string what = c == '\r' || c == '\n' ? "a line break"
                    : char.IsWhiteSpace(c) ? "a space"
                    : c < ' ' || c == '\u007f' ? "a control character"
                    : "a character outside ASCII";
                problem = string.Format(CultureInfo.InvariantCulture, "{0} at position {1} of {2}, which an HTTP header cannot carry", what, i + 1, token.Length);
                return null;
            }

            return token;
        }
    }
}
