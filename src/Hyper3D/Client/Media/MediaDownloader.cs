using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3D.Client.Media
{
    /// <summary>
    /// Saves one file: asks only for what changed (If-None-Match / If-Modified-Since), resumes a partial file with
    /// Range when the server answers 206 and starts over when it does not, streams to a hidden partial file and
    /// renames it to its final name only when complete and as long as promised. Transient failures are retried
    /// with the session's policy and pacing.
    /// </summary>
    internal sealed class MediaDownloader
    {
        private const int BufferBytes = 128 * 1024;

        private readonly HttpClient _http;
        private readonly Hyper3DClient _client;
        private readonly RetryPolicy _retry;
        private readonly MediaIndex _index;
        private readonly string _folder;
        private readonly bool _force;
        private readonly IClientLog _log;
        private readonly Action<long> _received;

        public MediaDownloader(HttpClient http, Hyper3DClient client, MediaIndex index, string folder, bool force, IClientLog log, Action<long> received)
        {
            _http = http;
            _client = client;
            _retry = new RetryPolicy(client.Options);
            _index = index;
            _folder = folder;
            _force = force;
            _log = log;
            _received = received;
        }

        private TimeSpan Timeout => _client.Options.Timeout;

        public async Task<MediaResult> SaveAsync(MediaJob job, CancellationToken cancellationToken)
        {
            IRequestPacer pacer = _client.Pacers.For(job.Url);
            bool fresh = _force;
            bool resumed = false;
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Hyper3DException failure;
                try
                {
                    using (await pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var attemptResult = await AttemptAsync(job, fresh, attempt, cancellationToken).ConfigureAwait(false);
                        pacer.Succeeded();
                        resumed |= attemptResult.Outcome == MediaOutcome.Resumed;
                        MediaOutcome outcome = attemptResult.Outcome == MediaOutcome.Downloaded && resumed ? MediaOutcome.Resumed : attemptResult.Outcome;
                        return new MediaResult(job, attemptResult.Path, outcome, null);
                    }
                }
                catch (Hyper3DException e)
                {
                    failure = e;
                }
                finally
                {
                    fresh = false;
                }

                if (failure.Kind == ErrorKind.RateLimited || failure.StatusCode == 503)
                {
                    pacer.Throttled(failure.RetryAfter);
                }

                if (attempt > _retry.MaximumRetryCount || !RetryPolicy.ShouldRetry(failure, idempotent: true))
                {
                    throw attempt > 1 ? failure.AfterAttempts(attempt) : failure;
                }

                TimeSpan wait = _retry.DelayBefore(attempt, failure);
                _log.Warning(string.Format(CultureInfo.InvariantCulture, "Attempt {0} of {1} failed: {2} Retrying in {3:0.0} s.", attempt, _retry.MaximumRetryCount + 1, failure.Message, wait.TotalSeconds));
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <param name="fresh">-Force's first attempt: ignore what is on disk.</param>
        private async Task<(string Path, MediaOutcome Outcome)> AttemptAsync(MediaJob job, bool fresh, int attempt, CancellationToken cancellationToken)
        {
            MediaIndexEntry? entry = _index.Get(job.Key);
            string partial = MediaFileNames.Inside(_folder, MediaFileNames.PartialName(job.Key));
            string? knownName = entry?.File ?? (MediaFileNames.ExtensionFromUrl(job.Url) is string urlExtension ? MediaFileNames.FileName(job.Key, urlExtension) : null);
            string? existing = knownName == null ? null : MediaFileNames.Inside(_folder, knownName);
            if (existing != null && !File.Exists(existing))
            {
                existing = null;
            }

            string? resumeValidator = entry != null && !entry.Complete ? StrongValidator(entry) : null;
            long resumeFrom = !fresh && resumeValidator != null && File.Exists(partial) ? new FileInfo(partial).Length : 0;
            if (resumeFrom == 0 && File.Exists(partial))
            {
                // Bytes no validator vouches for could belong to another version of the file.
                File.Delete(partial);
            }

            bool conditional = !fresh && resumeFrom == 0 && existing != null
                && (entry == null || (entry.Complete && (entry.Length == null || entry.Length == new FileInfo(existing).Length)));

            using var request = new HttpRequestMessage(HttpMethod.Get, job.Url) { Version = RequestVersion.For(job.Url) };
            request.Headers.TryAddWithoutValidation("User-Agent", _client.Options.UserAgent);
            request.Headers.TryAddWithoutValidation("Accept", "*/*");
            if (_client.BearerTokenFor(job.Url) is string token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (resumeFrom > 0)
            {
                request.Headers.Range = new RangeHeaderValue(resumeFrom, null);
                request.Headers.TryAddWithoutValidation("If-Range", resumeValidator);
            }
            else if (conditional)
            {
                if (entry?.ETag != null)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", entry.ETag);
                }

                request.Headers.IfModifiedSince = ParseDate(entry?.LastModified) ?? new DateTimeOffset(File.GetLastWriteTimeUtc(existing!), TimeSpan.Zero);
            }

            using var attemptLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptLimit.CancelAfter(Timeout);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptLimit.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsNetworkFailure(e))
            {
                throw NetworkFailure(job, e, cancellationToken, "waiting for an answer");
            }

            using (response)
            {
                int status = (int)response.StatusCode;
                _log.Verbose(string.Format(CultureInfo.InvariantCulture, "GET {0} -> {1} {2}, attempt {3}{4}", job.Url, status, response.ReasonPhrase, attempt, resumeFrom > 0 ? $", from byte {resumeFrom}" : conditional ? ", conditional" : ""));
                if (status == 304 && conditional)
                {
                    _index.Set(job.Key, new MediaIndexEntry
                    {
                        File = Path.GetFileName(existing!),
                        Url = job.Url.AbsoluteUri,
                        ETag = response.Headers.ETag?.ToString() ?? entry?.ETag,
                        LastModified = response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture) ?? entry?.LastModified,
                        Length = new FileInfo(existing!).Length,
                        Complete = true,
                    });
                    _index.SaveIfDue();
                    return (existing!, MediaOutcome.AlreadyComplete);
                }

                if (status == 416 && resumeFrom > 0)
                {
                    File.Delete(partial);
                    throw Failure(ErrorKind.InvalidResponse, job, $"the server refused to resume at byte {resumeFrom} (416); starting over", status, transient: true);
                }

                if (status != 200 && status != 206)
                {
                    throw StatusFailure(job, response);
                }

                long offset = 0;
                long? total = response.Content.Headers.ContentLength;
                if (status == 206)
                {
                    ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
                    if (resumeFrom == 0 || range?.From != resumeFrom)
                    {
                        File.Delete(partial);
                        throw Failure(ErrorKind.InvalidResponse, job, $"the server sent a range ({range}) that does not continue the {resumeFrom} bytes saved; starting over", status, transient: true);
                    }

                    offset = resumeFrom;
                    total = range.Length ?? (total.HasValue ? offset + total : null);
                }

                string finalName = entry != null && offset > 0
                    ? entry.File
                    : MediaFileNames.FileName(job.Key, MediaFileNames.Extension(job.Url, response.Content.Headers.ContentType?.MediaType));
                string final = MediaFileNames.Inside(_folder, finalName);
                DateTimeOffset? lastModified = response.Content.Headers.LastModified;
                var started = new MediaIndexEntry
                {
                    File = finalName,
                    Url = job.Url.AbsoluteUri,
                    ETag = response.Headers.ETag?.ToString(),
                    LastModified = lastModified?.ToString("R", CultureInfo.InvariantCulture),
                    Length = total,
                };
                _index.Set(job.Key, started);
                _index.SaveIfDue();

                long size = await CopyToPartialAsync(job, response, partial, offset, total, attemptLimit, cancellationToken).ConfigureAwait(false);
                if (lastModified.HasValue)
                {
                    File.SetLastWriteTimeUtc(partial, lastModified.Value.UtcDateTime);
                }

                if (existing != null && !string.Equals(existing, final, StringComparison.Ordinal))
                {
                    // The server now says another type: the old name would be a stale second copy.
                    File.Delete(existing);
                }

                MediaFiles.Replace(partial, final);
                started.Length = size;
                started.Complete = true;
                _index.Set(job.Key, started);
                _index.SaveIfDue();
                return (final, offset > 0 ? MediaOutcome.Resumed : MediaOutcome.Downloaded);
            }
        }

        /// <summary>Streams the body after <paramref name="offset"/> bytes already saved; the size when complete.</summary>
        private async Task<long> CopyToPartialAsync(MediaJob job, HttpResponseMessage response, string partial, long offset, long? total, CancellationTokenSource attemptLimit, CancellationToken cancellationToken)
        {
            long size = offset;
            byte[] buffer = new byte[BufferBytes];
            using (var file = new FileStream(partial, offset > 0 ? FileMode.Open : FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
            using (Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (attemptLimit.Token.Register(body.Dispose))
            {
                file.SetLength(offset);
                file.Seek(offset, SeekOrigin.Begin);
                while (true)
                {
                    // The time limit is for silence, not for the whole file: a large file on a slow link keeps going.
                    attemptLimit.CancelAfter(Timeout);
                    int read;
                    try
                    {
                        read = await body.ReadAsync(buffer, 0, buffer.Length, attemptLimit.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (IsNetworkFailure(e) || e is ObjectDisposedException)
                    {
                        throw NetworkFailure(job, e, cancellationToken, string.Format(CultureInfo.InvariantCulture, "after {0} of {1} bytes", size, total?.ToString(CultureInfo.InvariantCulture) ?? "?"));
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    await file.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                    size += read;
                    _received(read);
                }
            }

            if (total.HasValue && size != total.Value)
            {
                if (size > total.Value)
                {
                    File.Delete(partial);
                }

                throw Failure(ErrorKind.ConnectionFailed, job, string.Format(CultureInfo.InvariantCulture, "the answer ended after {0} of the {1} bytes promised", size, total.Value), (int)response.StatusCode, transient: true);
            }

            return size;
        }

        /// <summary>If-Range needs a strong validator: a strong ETag, else the Last-Modified date.</summary>
        private static string? StrongValidator(MediaIndexEntry entry)
        {
            if (entry.ETag != null && !entry.ETag.StartsWith("W/", StringComparison.Ordinal))
            {
                return entry.ETag;
            }

            return entry.LastModified;
        }

        private static DateTimeOffset? ParseDate(string? text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset date) ? date : (DateTimeOffset?)null;

        private static bool IsNetworkFailure(Exception e) =>
            e is HttpRequestException || e is IOException || e is OperationCanceledException;

        private Hyper3DException NetworkFailure(MediaJob job, Exception e, CancellationToken cancellationToken, string when)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            if (e is OperationCanceledException || e is ObjectDisposedException)
            {
                return Failure(ErrorKind.Timeout, job, string.Format(CultureInfo.InvariantCulture, "no data for {0:0.#} s {1}", Timeout.TotalSeconds, when), null, transient: true);
            }

            for (Exception? inner = e; inner != null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException tls)
                {
                    return Failure(ErrorKind.TlsFailure, job, "no secure connection to " + job.Url.Host + ": " + tls.Message.TrimEnd('.'), null, transient: false, e);
                }

                if (inner is SocketException socket && socket.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    return Failure(ErrorKind.ConnectionFailed, job, "the connection was refused", null, transient: true, e, neverSent: true);
                }
            }

            Exception innermost = e;
            while (innermost.InnerException != null)
            {
                innermost = innermost.InnerException;
            }

            return Failure(ErrorKind.ConnectionFailed, job, "the connection broke " + when + " (" + innermost.Message.TrimEnd('.') + ")", null, transient: true, e);
        }

        /// <summary>What an answer other than 200, 206 or 304 means, in the session's retry terms.</summary>
        private static Hyper3DException StatusFailure(MediaJob job, HttpResponseMessage response)
        {
            int status = (int)response.StatusCode;
            string text = string.Format(CultureInfo.InvariantCulture, "{0} {1}", status, response.ReasonPhrase);
            if (status >= 300 && status < 400)
            {
                string where = response.Headers.Location?.ToString() ?? "no location";
                return Failure(ErrorKind.InvalidResponse, job, $"the server redirected ({text}) to {where}, and redirects are not followed", status, transient: false);
            }

            (ErrorKind kind, bool transient) = status switch
            {
                401 => (ErrorKind.Authentication, false),
                403 => (ErrorKind.PermissionDenied, false),
                404 or 410 => (ErrorKind.NotFound, false),
                429 => (ErrorKind.RateLimited, true),
                502 or 503 or 504 => (ErrorKind.Unavailable, true),
                >= 500 => (ErrorKind.Unavailable, false),
                _ => (ErrorKind.InvalidResponse, false),
            };
            return Failure(kind, job, "the server answered " + text, status, transient, retryAfter: RetryPolicy.ParseRetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow));
        }

        private static Hyper3DException Failure(ErrorKind kind, MediaJob job, string what, int? status, bool transient, Exception? inner = null, bool neverSent = false, TimeSpan? retryAfter = null) =>
            new Hyper3DException(
                kind,
                $"Could not save {job.Describe()} from {job.Url}: {what}.",
                inner,
                requestUri: job.Url,
                statusCode: status,
                isTransient: transient,
                neverSent: neverSent,
                retryAfter: retryAfter);
    }
}
