using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Client.Http;

namespace Hyper3D.Client.Media
{
    /// <summary>
    /// Saves card media into one folder, a bounded number of downloads at once, as jobs arrive: at most the caller's
    /// ceiling, and no more than each media origin's adaptive limit (its pacer holds the rest back). The caller
    /// starts jobs from its own thread and collects results there; nothing here blocks a thread while it waits.
    /// </summary>
    internal sealed class MediaArchive : IDisposable
    {
        /// <summary>
        /// As for pages: 16 files at once keep a CDN 100 ms away busy (a file a sixteenth of a round trip), and an
        /// origin that cannot serve that many answers later, which lowers its limit below this ceiling.
        /// </summary>
        public const int DefaultThrottleLimit = 16;

        private readonly HttpPipeline _pipeline;
        private readonly MediaIndex _index;
        private readonly MediaDownloader _downloader;
        private readonly SemaphoreSlim _slots;
        private readonly SemaphoreSlim _resultSignal = new SemaphoreSlim(0);
        private readonly ConcurrentQueue<MediaResult> _results = new ConcurrentQueue<MediaResult>();
        private readonly List<Task> _running = new List<Task>();
        private readonly CancellationTokenSource _stop;
        private readonly ArchiveLock _lock;
        private long _bytesReceived;
        private int _pending;

        public MediaArchive(Hyper3DClient client, string folder, int throttleLimit, bool force, IClientLog log, CancellationToken cancellationToken)
            : this(client, folder, throttleLimit, force, log, cancellationToken, null)
        {
        }

        internal MediaArchive(Hyper3DClient client, string folder, int throttleLimit, bool force, IClientLog log, CancellationToken cancellationToken, HttpMessageHandler? handler)
        {
            Folder = Path.GetFullPath(folder);
            Directory.CreateDirectory(Folder);
            _lock = ArchiveLock.Acquire(Folder);
            try
            {
                _index = MediaIndex.Load(Folder, out string? warning);
                if (warning != null)
                {
                    log.Warning(warning);
                }
            }
            catch
            {
                _lock.Dispose();
                throw;
            }

            if (!_lock.Held)
            {
                log.Verbose($"{Folder} cannot be written (no lock file could be created there); files already complete are checked, and any file to write fails.");
            }

            _pipeline = client.CreatePipeline(handler ?? CreateHandler(client.Options));
            _downloader = new MediaDownloader(_pipeline, client, _index, Folder, force, log, bytes => Interlocked.Add(ref _bytesReceived, bytes));
            _slots = new SemaphoreSlim(throttleLimit, throttleLimit);
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        public string Folder { get; }

        public long BytesReceived => Interlocked.Read(ref _bytesReceived);

        /// <summary>Jobs started whose result has not been taken yet.</summary>
        public int Pending => Volatile.Read(ref _pending);

        /// <summary>The name the file will have, when it is known before the answer (the index, the URL).</summary>
        public string? PlannedFileName(MediaJob job) => MediaFileNames.Planned(job, _index.Get(job.Key));

        public void Start(MediaJob job)
        {
            Interlocked.Increment(ref _pending);
            Task run = RunAsync(job);
            lock (_running)
            {
                _running.RemoveAll(t => t.IsCompleted);
                _running.Add(run);
            }
        }

        public bool TryTakeResult(out MediaResult result)
        {
            if (_results.TryDequeue(out result!))
            {
                Interlocked.Decrement(ref _pending);
                return true;
            }

            return false;
        }

        /// <summary>Completes when a result may be ready, or after <paramref name="most"/> (for progress).</summary>
        public Task WaitForResultAsync(TimeSpan most) => _resultSignal.WaitAsync(most, _stop.Token);

        /// <summary>Stops every download: each ends at its next step, its bytes kept for a resume.</summary>
        public void Cancel() => _stop.Cancel();

        /// <summary>
        /// Waits for every download to end (cancelled ones too) and saves the index: call it on any exit. Returns
        /// why the index could not be saved, if it could not (said once, for the whole run).
        /// </summary>
        public async Task<string?> CloseAsync()
        {
            Task[] running;
            lock (_running)
            {
                running = _running.ToArray();
            }

            await Task.WhenAll(running).ConfigureAwait(false);
            try
            {
                _index.Save();
                return null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return string.Format(
                    CultureInfo.InvariantCulture,
                    "The archive index {0} could not be saved ({1}): it lists {2} of the {3} complete files. The files themselves are whole; the next run asks the server about the others by their file times and downloads only what changed.",
                    System.IO.Path.Combine(Folder, MediaFileNames.IndexFileName),
                    e.Message.TrimEnd('.'),
                    _index.SavedCompleteCount,
                    _index.CompleteCount);
            }
        }

        private async Task RunAsync(MediaJob job)
        {
            MediaResult result;
            try
            {
                await _slots.WaitAsync(_stop.Token).ConfigureAwait(false);
                try
                {
                    result = await _downloader.SaveAsync(job, _stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    _slots.Release();
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever a download meets becomes that file's result: a task that threw would leave the caller
                // waiting for a result that never comes.
                result = new MediaResult(job, null, MediaOutcome.Downloaded, e);
            }

            _results.Enqueue(result);
            _resultSignal.Release();
        }

        /// <summary>
        /// The session's handler rules (proxy, certificate, no redirects), but no automatic decompression: media
        /// is already compressed, and a decoded body would not match its Content-Length or byte ranges.
        /// </summary>
        private static HttpMessageHandler CreateHandler(ClientOptions options)
        {
            HttpClientHandler handler = HttpHandlerFactory.Create(options);
            handler.AutomaticDecompression = DecompressionMethods.None;
            return handler;
        }

        public void Dispose()
        {
            _lock.Dispose();
            _pipeline.Dispose();
            _slots.Dispose();
            _resultSignal.Dispose();
            _stop.Dispose();
        }
    }
}
