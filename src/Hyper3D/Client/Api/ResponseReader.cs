using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Hyper3D.Client.Errors;
using Hyper3D.Client.Http;
using Hyper3D.Client.Json;
using Hyper3D.Client.Secrets;
using Hyper3D.Model;

namespace Hyper3D.Client.Api
{
    /// <summary>
    /// Turns an HTTP answer into cards or a login, or into one <see cref="Hyper3DException"/> that says what
    /// came back. Nothing else escapes: not a parser's exception, not a null.
    /// </summary>
    internal static class ResponseReader
    {
        private const int PreviewCharacters = 120;

        public static GalleryCard[] ReadCards(ApiResponse response)
        {
            ThrowIfFailed(response);
            byte first = FirstSignificantByte(response);
            if (first == (byte)'[')
            {
                GalleryCard[] cards = Deserialize(response, Hyper3DJsonContext.Default.GalleryCardArray, "a list of cards");
                foreach (GalleryCard card in cards)
                {
                    if (card is null || string.IsNullOrEmpty(card.TaskUuid))
                    {
                        throw Invalid(response, "a card in the list has no task_uuid");
                    }
                }

                return cards;
            }

            if (first == (byte)'{')
            {
                ErrorBody error = Deserialize(response, Hyper3DJsonContext.Default.ErrorBody, "an error object");
                ThrowIfApiError(response, error.Error);
                throw Invalid(response, "expected a JSON array of cards but got a JSON object");
            }

            throw Invalid(response, "expected a JSON array of cards");
        }

        public static (string Token, GalleryUser User) ReadLogin(ApiResponse response)
        {
            ThrowIfFailed(response);
            if (FirstSignificantByte(response) != (byte)'{')
            {
                throw Invalid(response, "expected a JSON object from the login");
            }

            LoginResponse login = Deserialize(response, Hyper3DJsonContext.Default.LoginResponse, "a login answer");
            ThrowIfApiError(response, login.Error);
            if (string.IsNullOrEmpty(login.Token))
            {
                throw Invalid(response, "the login answer holds no token");
            }

            return (login.Token!, Deserialize(response, Hyper3DJsonContext.Default.GalleryUser, "the signed-in user"));
        }

        /// <summary>A non-2xx status: the kind comes from the status, the detail from an error body if any.</summary>
        private static void ThrowIfFailed(ApiResponse response)
        {
            if (response.IsSuccess)
            {
                return;
            }

            string? code = TryReadErrorCode(response);
            ErrorKind kind = (code != null ? ApiErrorCodes.KindOf(code) : null) ?? StatusTable.KindOf(response.StatusCode);
            string detail = code != null ? DescribeCode(response, code) : DescribeBody(response);
            throw Failure(response, kind, $"The server answered {response.StatusText} to {Target(response)}: {detail}.", code);
        }

        /// <summary>Errors that come in 2xx bodies; <c>"OK"</c> is not one.</summary>
        private static void ThrowIfApiError(ApiResponse response, string? code)
        {
            if (ApiErrorCodes.IsSuccess(code))
            {
                return;
            }

            ErrorKind kind = ApiErrorCodes.KindOf(code!) ?? ErrorKind.ApiError;
            throw Failure(response, kind, $"The server refused {Target(response)}: {DescribeCode(response, code!)}.", code);
        }

        /// <summary>A refusal: a throttle or a gateway's failure is worth another try, whatever carried it.</summary>
        private static Hyper3DException Failure(ApiResponse response, ErrorKind kind, string message, string? code)
        {
            return new Hyper3DException(
                kind,
                message,
                requestUri: response.RequestUri,
                statusCode: response.StatusCode,
                apiCode: code == null ? null : response.Scrubber.Scrub(code),
                isTransient: kind == ErrorKind.RateLimited || StatusTable.IsTransient(response.StatusCode),
                retryAfter: response.RetryAfter);
        }

        /// <summary>A code can quote the request back too; it is scrubbed like a body before a message shows it.</summary>
        private static string DescribeCode(ApiResponse response, string code) => ApiErrorCodes.Describe(response.Scrubber.Scrub(code));

        private static string? TryReadErrorCode(ApiResponse response)
        {
            if (FirstSignificantByte(response) != (byte)'{')
            {
                return null;
            }

            try
            {
                string? code = JsonSerializer.Deserialize(JsonBytes(response), Hyper3DJsonContext.Default.ErrorBody)?.Error;
                return string.IsNullOrEmpty(code) ? null : code;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static T Deserialize<T>(ApiResponse response, JsonTypeInfo<T> type, string what)
        {
            T? value;
            try
            {
                value = JsonSerializer.Deserialize(JsonBytes(response), type);
            }
            catch (JsonException e)
            {
                throw Invalid(response, $"could not read {what} ({Position(e)})", e);
            }
            catch (InvalidOperationException e)
            {
                throw Invalid(response, $"could not read {what}", e);
            }

            if (value is null)
            {
                throw Invalid(response, $"expected {what} but got null");
            }

            return value;
        }

        private static string Position(JsonException e)
        {
            string where = e.Path is { Length: > 0 } ? " at " + e.Path : string.Empty;
            return e.LineNumber.HasValue
                ? $"malformed or unexpected JSON{where}, line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}"
                : $"malformed or unexpected JSON{where}";
        }

        private static Hyper3DException Invalid(ApiResponse response, string problem, Exception? inner = null)
        {
            return new Hyper3DException(
                ErrorKind.InvalidResponse,
                $"The server's answer to {Target(response)} could not be used: {problem}. Status {response.StatusText}, {DescribeBody(response)}.",
                inner,
                requestUri: response.RequestUri,
                statusCode: response.StatusCode);
        }

        private static string Target(ApiResponse response) => "POST " + response.RequestUri.GetLeftPart(UriPartial.Path);

        /// <summary>What a person needs to recognise the body: its type, size and first words, secrets masked.</summary>
        internal static string DescribeBody(ApiResponse response)
        {
            string type = response.ContentType ?? "no content type";
            if (response.Body.Length == 0)
            {
                return $"{type}, empty body";
            }

            return $"{type}, {response.Body.Length} bytes, beginning \"{Preview(response.Body, response.Scrubber)}\"";
        }

        internal static string Preview(byte[] body, SecretScrubber scrubber)
        {
            // Scrubbed before it is cut, and read far enough that a secret starting in the preview is read whole.
            int length = Math.Min(body.Length, (PreviewCharacters * 4) + (scrubber.LongestSecret * 4));
            string text = scrubber.Scrub(Encoding.UTF8.GetString(body, 0, length));
            var builder = new StringBuilder(PreviewCharacters);
            bool space = false;
            foreach (char c in text)
            {
                if (builder.Length >= PreviewCharacters)
                {
                    builder.Append('…');
                    break;
                }

                if (char.IsWhiteSpace(c) || PrintableText.IsControl(c))
                {
                    space = builder.Length > 0;
                    continue;
                }

                if (space)
                {
                    builder.Append(' ');
                    space = false;
                }

                builder.Append(c);
            }

            return builder.ToString();
        }

        /// <summary>The body as the JSON reader takes it: without a UTF-8 byte order mark, which it refuses.</summary>
        private static ReadOnlySpan<byte> JsonBytes(ApiResponse response)
        {
            byte[] body = response.Body;
            return body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF
                ? new ReadOnlySpan<byte>(body, 3, body.Length - 3)
                : body;
        }

        private static byte FirstSignificantByte(ApiResponse response)
        {
            ReadOnlySpan<byte> body = JsonBytes(response);
            for (int i = 0; i < body.Length; i++)
            {
                byte b = body[i];
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n')
                {
                    return b;
                }
            }

            return 0;
        }
    }
}
