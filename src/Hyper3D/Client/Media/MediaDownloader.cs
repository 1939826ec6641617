using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Client.Errors;
using Hyper3D.Client.Http;

namespace Hyper3D.Client.Media
{
    /// <summary>
    /// Saves one file: each attempt asks as its <see cref="DownloadPlan"/> says (fresh, resume or conditional), one
    /// handler per answer's status, the body streamed to a hidden partial file renamed to its final name only when
    /// complete and as long as promised. This is the last step of the session's request pipeline, which owns the
    /// token, retries, pacing and what a failure is.
    /// </summary>
    internal sealed class MediaDownloader
    {
        private const int BufferBytes = 128 * 1024;

        private readonly HttpPipeline _pipeline;
        private readonly Hyper3DClient _client;
        private readonly MediaIndex _index;
        private readonly string _folder;
        private readonly bool _force;
        private readonly IClientLog _log;
        private readonly Action<long> _received;

        public MediaDownloader(HttpPipeline pipeline, Hyper3DClient client, MediaIndex index, string folder, bool force, IClientLog log, Action<long> received)
        {
            _pipeline = pipeline;
            _client = client;
            _index = index;
            _folder = folder;
            _force = force;
            _log = log;
            _received = received;
        }

        public async Task<MediaResult> SaveAsync(MediaJob job, CancellationToken cancellationToken)
        {
            (string path, MediaOutcome outcome) = await _pipeline.SendAsync(new Download(this, job), _log, cancellationToken).ConfigureAwait(false);
            return new MediaResult(job, path, outcome, null);
        }

        /// <summary>One file as the pipeline's request: each attempt plans anew, from what the ones before saved.</summary>
        private sealed class Download : RequestPlan<(string Path, MediaOutcome Outcome)>
        {
            private readonly MediaDownloader _downloader;
            private readonly MediaJob _job;
            private bool _resumed;

            public Download(MediaDownloader downloader, MediaJob job)
                : base(HttpMethod.Get, job.Url, $"GET {job.Url} ({job.Describe()})", mayRepeat: true, sendsToken: true, downloader._client.Secrets(null))
            {
                _downloader = downloader;
                _job = job;
            }

            protected override async Task<(string Path, MediaOutcome Outcome)> RunAsync(HttpAttempt attempt)
            {
                var result = await _downloader.AttemptAsync(this, _job, _downloader._force && attempt.Number == 1, attempt).ConfigureAwait(false);
                _resumed |= result.Outcome == MediaOutcome.Resumed;
                return result.Outcome == MediaOutcome.Downloaded && _resumed ? (result.Path, MediaOutcome.Resumed) : result;
            }
        }

        /// <param name="fresh">-Force's first attempt: ignore what is on disk.</param>
        private async Task<(string Path, MediaOutcome Outcome)> AttemptAsync(RequestPlan request, MediaJob job, bool fresh, HttpAttempt attempt)
        {
            DownloadPlan plan = DownloadPlan.For(job, _index.Get(job.Key), _folder, fresh);
            if (plan.Mode != DownloadMode.Resume)
            {
                // Bytes no validator vouches for could belong to another version of the file.
                MediaFiles.Remove(plan.Partial);
            }

            using HttpRequestMessage message = plan.CreateRequest();
            using HttpResponseMessage response = await attempt.SendAsync(message).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            attempt.Log.Verbose(string.Format(CultureInfo.InvariantCulture, "GET {0} -> {1} {2}, attempt {3}{4}", job.Url, status, response.ReasonPhrase, attempt.Number, plan.Describe()));
            switch (status)
            {
                case 304 when plan.Mode == DownloadMode.Conditional:
                    return NotModified(plan, response);
                case 416 when plan.Mode == DownloadMode.Resume:
                    throw RangeRefused(plan, status);
                case 206:
                    return await PartialContentAsync(plan, response, attempt).ConfigureAwait(false);
                case 200:
                    return await SaveBodyAsync(plan, response, 0, response.Content.Headers.ContentLength, attempt).ConfigureAwait(false);
                default:
                    throw FailureClassifier.Status(request, response);
            }
        }

        /// <summary>304: the complete file on disk is the server's current one; the index keeps the answer's validators.</summary>
        private (string Path, MediaOutcome Outcome) NotModified(DownloadPlan plan, HttpResponseMessage response)
        {
            string existing = plan.Existing!;
            _index.Set(plan.Job.Key, new MediaIndexEntry
            {
                File = Path.GetFileName(existing),
                Url = plan.Job.Url.AbsoluteUri,
                ETag = response.Headers.ETag?.ToString() ?? plan.Entry?.ETag,
                LastModified = response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture) ?? plan.Entry?.LastModified,
                Length = new FileInfo(existing).Length,
                Complete = true,
            });
            _index.SaveIfDue();
            return (existing, MediaOutcome.AlreadyComplete);
        }

        /// <summary>416 to a resume: the saved bytes are of no use, and the retry starts over.</summary>
        private static Hyper3DException RangeRefused(DownloadPlan plan, int status)
        {
            File.Delete(plan.Partial);
            return Failure(ErrorKind.InvalidResponse, plan.Job, $"the server refused to resume at byte {plan.ResumeFrom} (416); starting over", status, transient: true);
        }

        /// <summary>206: continues the saved bytes only when it starts where they end and is of their version.</summary>
        private Task<(string Path, MediaOutcome Outcome)> PartialContentAsync(DownloadPlan plan, HttpResponseMessage response, HttpAttempt attempt)
        {
            const int status = 206;
            ContentRangeHeaderValue? range = response.Content.Headers.ContentRange;
            if (plan.Mode != DownloadMode.Resume || range?.From != plan.ResumeFrom)
            {
                File.Delete(plan.Partial);
                throw Failure(ErrorKind.InvalidResponse, plan.Job, $"the server sent a range ({range}) that does not continue the {plan.ResumeFrom} bytes saved; starting over", status, transient: true);
            }

            if (!MediaBodyChecks.AnswersValidator(plan.ResumeValidator!, response))
            {
                // A cache or proxy that ignored If-Range sent bytes of another version: splicing them onto the saved
                // ones would make a file that never existed.
                File.Delete(plan.Partial);
                throw Failure(ErrorKind.InvalidResponse, plan.Job, $"the server sent part of another version of the file (asked for {plan.ResumeValidator}, got {MediaBodyChecks.Validator(response) ?? "no validator"}); starting over", status, transient: true);
            }

            long? rest = response.Content.Headers.ContentLength;
            return SaveBodyAsync(plan, response, plan.ResumeFrom, range.Length ?? (rest.HasValue ? plan.ResumeFrom + rest : null), attempt);
        }

        /// <summary>
        /// The body after <paramref name="offset"/> bytes already saved, into the partial file, and that renamed to
        /// the final name once it is as long as <paramref name="total"/> (or its end is marked when no length came).
        /// </summary>
        private async Task<(string Path, MediaOutcome Outcome)> SaveBodyAsync(DownloadPlan plan, HttpResponseMessage response, long offset, long? total, HttpAttempt attempt)
        {
            MediaJob job = plan.Job;
            string finalName = plan.Entry != null && offset > 0
                ? plan.Entry.File
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

            long size = await CopyToPartialAsync(job, response, plan.Partial, offset, total, attempt).ConfigureAwait(false);
            if (total == null && !MediaBodyChecks.EndIsMarked(response))
            {
                throw Failure(ErrorKind.InvalidResponse, job, string.Format(CultureInfo.InvariantCulture, "the server sent {0} bytes without saying how many (no Content-Length) and then closed the connection, so the file cannot be proven whole; the bytes are kept in {1}", size, Path.GetFileName(plan.Partial)), (int)response.StatusCode, transient: false);
            }

            MediaFiles.SetModifiedTime(plan.Partial, lastModified);

            if (plan.Existing != null && !string.Equals(plan.Existing, final, StringComparison.Ordinal))
            {
                // The server now says another type: the old name would be a stale second copy.
                File.Delete(plan.Existing);
            }

            MediaFiles.Replace(plan.Partial, final);
            started.Length = size;
            started.Complete = true;
            _index.Set(job.Key, started);
            _index.SaveIfDue();
            return (final, offset > 0 ? MediaOutcome.Resumed : MediaOutcome.Downloaded);
        }

        /// <summary>Streams the body after <paramref name="offset"/> bytes already saved; the size when complete.</summary>
        private async Task<long> CopyToPartialAsync(MediaJob job, HttpResponseMessage response, string partial, long offset, long? total, HttpAttempt attempt)
        {
            long size = offset;
            byte[] buffer = new byte[BufferBytes];
            const FileOptions options = FileOptions.Asynchronous | FileOptions.SequentialScan;
            using (FileStream file = offset > 0 ? MediaFiles.OpenToAppend(partial, options) : MediaFiles.CreateNew(partial, options))
            using (Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (attempt.Token.Register(body.Dispose))
            {
                file.SetLength(offset);
                file.Seek(offset, SeekOrigin.Begin);
                while (true)
                {
                    attempt.RestartTimer();
                    int read = await attempt.ReadAsync(body, buffer, () => string.Format(CultureInfo.InvariantCulture, ", after {0} of {1} bytes", size, total?.ToString(CultureInfo.InvariantCulture) ?? "?")).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    await file.WriteAsync(buffer, 0, read, attempt.CallerToken).ConfigureAwait(false);
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

        private static Hyper3DException Failure(ErrorKind kind, MediaJob job, string what, int status, bool transient) =>
            new Hyper3DException(
                kind,
                $"Could not save {job.Describe()} from {job.Url}: {what}.",
                requestUri: job.Url,
                statusCode: status,
                isTransient: transient);
    }
}
