using System;
using Hyper3D.Model;

namespace Hyper3D.Client.Media
{
    /// <summary>One file to save: which card, which of its files, from where, under which key.</summary>
    internal sealed class MediaJob
    {
        public MediaJob(string taskUuid, MediaKind kind, Uri url)
        {
            TaskUuid = taskUuid;
            Kind = kind;
            Url = url;
            Key = MediaFileNames.Key(taskUuid, kind);
        }

        public string TaskUuid { get; }

        public MediaKind Kind { get; }

        public Uri Url { get; }

        public string Key { get; }

        /// <summary>"the image of card 1234" as messages say it.</summary>
        public string Describe() => $"the {(Kind == MediaKind.Image ? "image" : "video")} of card {TaskUuid}";
    }

    /// <summary>How a file ended: saved now, or already complete (the server answered 304).</summary>
    internal enum MediaOutcome
    {
        Downloaded,
        Resumed,
        AlreadyComplete,
    }

    /// <summary>The end of one job: the file and its outcome, or the failure.</summary>
    internal sealed class MediaResult
    {
        public MediaResult(MediaJob job, string? path, MediaOutcome outcome, Exception? failure)
        {
            Job = job;
            Path = path;
            Outcome = outcome;
            Failure = failure;
        }

        public MediaJob Job { get; }

        public string? Path { get; }

        public MediaOutcome Outcome { get; }

        /// <summary>A <see cref="Hyper3DException"/> for what the server or network did; an IOException or
        /// UnauthorizedAccessException for what the disk did.</summary>
        public Exception? Failure { get; }
    }
}
