using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;

namespace Hyper3D.Client.Media
{
    /// <summary>How an attempt asks for a file.</summary>
    internal enum DownloadMode
    {
        /// <summary>The whole file, whatever is on disk.</summary>
        Fresh,

        /// <summary>The bytes after the partial file's (Range), only if the server still has their version (If-Range).</summary>
        Resume,

        /// <summary>The whole file only if it changed since the complete one on disk (If-None-Match, If-Modified-Since).</summary>
        Conditional,
    }

    /// <summary>
    /// One attempt at one file, decided from the index entry and the disk before anything is sent: resume when a
    /// strong validator vouches for the partial file's bytes, ask "changed since?" when a complete file is there,
    /// else start fresh. Each attempt plans anew, so a retry picks up what the attempts before it saved.
    /// </summary>
    internal sealed class DownloadPlan
    {
        private DownloadPlan(MediaJob job, MediaIndexEntry? entry, DownloadMode mode, string partial, string? existing, long resumeFrom, string? resumeValidator)
        {
            Job = job;
            Entry = entry;
            Mode = mode;
            Partial = partial;
            Existing = existing;
            ResumeFrom = resumeFrom;
            ResumeValidator = resumeValidator;
        }

        public MediaJob Job { get; }

        /// <summary>What the index says the last attempt saw, if anything.</summary>
        public MediaIndexEntry? Entry { get; }

        public DownloadMode Mode { get; }

        /// <summary>The full path of the hidden file the body is written to.</summary>
        public string Partial { get; }

        /// <summary>The full path of this archive's file under its known name, when it is there as a plain file.</summary>
        public string? Existing { get; }

        /// <summary>The bytes already saved in the partial file: where a resume starts (0 otherwise).</summary>
        public long ResumeFrom { get; }

        /// <summary>The version a resume continues (If-Range), null otherwise.</summary>
        public string? ResumeValidator { get; }

        /// <param name="fresh">-Force's first attempt: ignore what is on disk.</param>
        public static DownloadPlan For(MediaJob job, MediaIndexEntry? entry, string folder, bool fresh)
        {
            string partial = MediaFileNames.Inside(folder, MediaFileNames.PartialName(job.Key));
            string? existing = MediaFileNames.Planned(job, entry) is string known ? MediaFileNames.Inside(folder, known) : null;
            if (existing != null && !MediaFiles.IsPlainFile(existing))
            {
                // A link at the final name is not this archive's file: it is replaced, never read or trusted.
                existing = null;
            }

            string? validator = entry != null && !entry.Complete ? StrongValidator(entry) : null;
            long saved = !fresh && validator != null && MediaFiles.IsPlainFile(partial) ? new FileInfo(partial).Length : 0;
            if (saved > 0)
            {
                return new DownloadPlan(job, entry, DownloadMode.Resume, partial, existing, saved, validator);
            }

            bool conditional = !fresh && existing != null
                && (entry == null || (entry.Complete && (entry.Length == null || entry.Length == new FileInfo(existing).Length)));
            return new DownloadPlan(job, entry, conditional ? DownloadMode.Conditional : DownloadMode.Fresh, partial, existing, 0, null);
        }

        public HttpRequestMessage CreateRequest()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Job.Url);
            request.Headers.TryAddWithoutValidation("Accept", "*/*");
            switch (Mode)
            {
                case DownloadMode.Resume:
                    request.Headers.Range = new RangeHeaderValue(ResumeFrom, null);
                    request.Headers.TryAddWithoutValidation("If-Range", ResumeValidator);
                    break;
                case DownloadMode.Conditional:
                    if (Entry?.ETag != null)
                    {
                        request.Headers.TryAddWithoutValidation("If-None-Match", Entry.ETag);
                    }

                    request.Headers.IfModifiedSince = ParseDate(Entry?.LastModified) ?? new DateTimeOffset(File.GetLastWriteTimeUtc(Existing!), TimeSpan.Zero);
                    break;
            }

            return request;
        }

        /// <summary>What a verbose line adds about how the file was asked for.</summary>
        public string Describe() => Mode switch
        {
            DownloadMode.Resume => string.Format(CultureInfo.InvariantCulture, ", from byte {0}", ResumeFrom),
            DownloadMode.Conditional => ", conditional",
            _ => string.Empty,
        };

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
    }
}
