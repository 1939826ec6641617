using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3D.Client.Media
{
    /// <summary>
    /// One run of saves into one folder, fed file by file: each file asked for once however often its card comes, the
    /// folder opened (created, locked, its index read) only when a file is really started, so that a run that starts
    /// none (as under -WhatIf) leaves no trace; and the tally of how the files ended.
    /// </summary>
    internal sealed class MediaRun : IDisposable
    {
        /// <summary>Stands for the extension only the answer's media type can tell, where a name is shown before it.</summary>
        private const string ExtensionNotKnownYet = "*";

        private readonly HashSet<string> _queued = new HashSet<string>(StringComparer.Ordinal);
        private readonly Func<MediaArchive> _open;
        private readonly int _throttleLimit;
        private MediaArchive? _archive;
        private bool _closed;

        public MediaRun(Hyper3DClient client, string folder, int throttleLimit, bool force, IClientLog log, CancellationToken cancellationToken)
            : this(folder, throttleLimit, () => new MediaArchive(client, folder, throttleLimit, force, log, cancellationToken))
        {
        }

        /// <param name="open">Opens the folder's archive, on the first file started.</param>
        internal MediaRun(string folder, int throttleLimit, Func<MediaArchive> open)
        {
            Folder = folder;
            _throttleLimit = throttleLimit;
            _open = open;
        }

        public string Folder { get; }

        public int Started { get; private set; }

        public int Finished { get; private set; }

        public int Downloaded { get; private set; }

        public int Unchanged { get; private set; }

        public int Failed { get; private set; }

        public long BytesReceived => _archive?.BytesReceived ?? 0;

        /// <summary>
        /// True while twice as many results wait as files may download at once: the caller writes results before it
        /// starts more, so however many cards come, the files in hand stay few.
        /// </summary>
        public bool IsFull => Pending >= _throttleLimit * 2;

        /// <summary>Files started whose result has not been taken yet.</summary>
        public int Pending => _archive == null || _closed ? 0 : _archive.Pending;

        /// <summary>False for a file this run already has: a card that comes twice is saved once.</summary>
        public bool Admit(MediaJob job) => _queued.Add(job.Key);

        /// <summary>
        /// Where the file will be, as far as is known before its answer: before the folder is opened only the URL
        /// can name it.
        /// </summary>
        public string PlannedPath(MediaJob job)
        {
            string? name = _archive == null ? MediaFileNames.Planned(job, null) : _archive.PlannedFileName(job);
            return Path.Combine(Folder, name ?? MediaFileNames.FileName(job.Key, ExtensionNotKnownYet));
        }

        /// <summary>Starts the download, opening the folder first when it is the run's first.</summary>
        /// <exception cref="ArchiveBusyException">Another run holds the folder.</exception>
        /// <exception cref="IOException">The folder could not be created or read.</exception>
        /// <exception cref="UnauthorizedAccessException">The folder may not be created or read.</exception>
        public void Start(MediaJob job)
        {
            _archive ??= _open();
            _archive.Start(job);
            Started++;
        }

        public bool TryTakeResult(out MediaResult result)
        {
            result = null!;
            if (Pending == 0 || !_archive!.TryTakeResult(out result))
            {
                return false;
            }

            Finished++;
            if (result.Failure != null)
            {
                Failed++;
            }
            else if (result.Outcome == MediaOutcome.AlreadyComplete)
            {
                Unchanged++;
            }
            else
            {
                Downloaded++;
            }

            return true;
        }

        /// <summary>Completes when a result may be ready, or after <paramref name="most"/>.</summary>
        public Task WaitForResultAsync(TimeSpan most) => Pending == 0 ? Task.CompletedTask : _archive!.WaitForResultAsync(most);

        /// <summary>
        /// Waits for every download to end, saves the index and lets the folder go; why the index could not be saved,
        /// if it could not. Only the first close does anything.
        /// </summary>
        public async Task<string?> CloseAsync()
        {
            MediaArchive? archive = _archive;
            if (archive == null || _closed)
            {
                return null;
            }

            _closed = true;
            try
            {
                return await archive.CloseAsync().ConfigureAwait(false);
            }
            finally
            {
                archive.Dispose();
            }
        }

        /// <summary>
        /// On Ctrl+C or a terminating error: the downloads stop at their next step, and the index keeps what they saw,
        /// so that the next run resumes them. Waits for that: the folder is free again when this returns.
        /// </summary>
        public void Abandon()
        {
            if (_archive == null || _closed)
            {
                return;
            }

            _archive.Cancel();
            CloseAsync().GetAwaiter().GetResult();
        }

        public void Dispose() => Abandon();
    }
}
