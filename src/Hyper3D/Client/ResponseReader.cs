using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Hyper3D.Client.Json;
using Hyper3D.Model;

namespace Hyper3D.Client
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
            ErrorKind kind = KindOfStatus(response.StatusCode);
            if (code == "RATE_LIMITED")
            {
                kind = ErrorKind.RateLimited;
            }

            string detail = code != null
                ? $"error {code} ({ApiErrorCodes.Describe(code)})"
                : DescribeBody(response);
            throw new Hyper3DException(kind, $"The server answered {response.StatusText} to {Target(response)}: {detail}.")
            {
                ApiCode = code,
                StatusCode = response.StatusCode,
                RequestUri = response.RequestUri,
                IsTransient = kind == ErrorKind.RateLimited || IsTransientStatus(response.StatusCode),
                RetryAfter = response.RetryAfter,
            };
        }

        /// <summary>Errors that come in 2xx bodies; <c>"OK"</c> is not one.</summary>
        private static void ThrowIfApiError(ApiResponse response, string? code)
        {
            if (ApiErrorCodes.IsSuccess(code))
            {
                return;
            }

            ErrorKind kind = ApiErrorCodes.KindOf(code!);
            throw new Hyper3DException(kind, $"The server refused {Target(response)}: error {code} ({ApiErrorCodes.Describe(code!)}).")
            {
                ApiCode = code,
                StatusCode = response.StatusCode,
                RequestUri = response.RequestUri,
                IsTransient = kind == ErrorKind.RateLimited,
                RetryAfter = response.RetryAfter,
            };
        }

        private static ErrorKind KindOfStatus(int status)
        {
            switch (status)
            {
                case 400:
                case 422:
                    return ErrorKind.InvalidArgument;
                case 401:
                    return ErrorKind.Authentication;
                case 403:
                    return ErrorKind.PermissionDenied;
                case 404:
                    return ErrorKind.NotFound;
                case 408:
                    return ErrorKind.Timeout;
                case 429:
                    return ErrorKind.RateLimited;
                case 407:
                    return ErrorKind.Authentication;
                default:
                    if (status >= 300 && status < 400)
                    {
                        return ErrorKind.InvalidResponse;
                    }

                    return status >= 500 ? ErrorKind.Unavailable : ErrorKind.ApiError;
            }
        }

        internal static bool IsTransientStatus(int status) => status == 429 || status == 502 || status == 503 || status == 504;

        private static string? TryReadErrorCode(ApiResponse response)
        {
            if (FirstSignificantByte(response) != (byte)'{')
            {
                return null;
            }

            try
            {
                string? code = JsonSerializer.Deserialize(response.Body, Hyper3DJsonContext.Default.ErrorBody)?.Error;
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
                value = JsonSerializer.Deserialize(response.Body, type);
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
                inner)
            {
                StatusCode = response.StatusCode,
                RequestUri = response.RequestUri,
            };
        }

        private static string Target(ApiResponse response) => "POST " + response.RequestUri.GetLeftPart(UriPartial.Path);

        /// <summary>What a person needs to recognise the body: its type, size and first words.</summary>
        internal static string DescribeBody(ApiResponse response)
        {
            string type = response.ContentType ?? "no content type";
            if (response.Body.Length == 0)
            {
                return $"{type}, empty body";
            }

            return $"{type}, {response.Body.Length} bytes, beginning \"{Preview(response.Body)}\"";
        }

        internal static string Preview(byte[] body)
        {
            int length = Math.Min(body.Length, PreviewCharacters * 4);
            string text = Encoding.UTF8.GetString(body, 0, length);
            var builder = new StringBuilder(PreviewCharacters);
            bool space = false;
            foreach (char c in text)
            {
                if (builder.Length >= PreviewCharacters)
                {
                    builder.Append('…');
                    break;
                }

                if (char.IsWhiteSpace(c) || char.IsControl(c))
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

        private static byte FirstSignificantByte(ApiResponse response)
        {
            byte[] body = response.Body;
            int i = 0;
            if (body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF)
            {
                i = 3;
            }

            for (; i < body.Length; i++)
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
