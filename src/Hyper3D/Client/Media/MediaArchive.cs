using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

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

        private readonly HttpClient _http;
        private readonly MediaIndex _index;
        private readonly MediaDownloader _downloader;
        private readonly SemaphoreSlim _slots;
        private readonly SemaphoreSlim _resultSignal = new SemaphoreSlim(0);
        private readonly ConcurrentQueue<MediaResult> _results = new ConcurrentQueue<MediaResult>();
        private readonly List<Task> _running = new List<Task>();
        private readonly CancellationToken _cancellationToken;
        private readonly IClientLog _log;
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
            _index = MediaIndex.Load(Folder, out string? warning);
            if (warning != null)
            {
                log.Warning(warning);
            }

            _http = new HttpClient(handler ?? CreateHandler(client.Options), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
            _downloader = new MediaDownloader(_http, client, _index, Folder, force, log, bytes => Interlocked.Add(ref _bytesReceived, bytes));
            _slots = new SemaphoreSlim(throttleLimit, throttleLimit);
            _cancellationToken = cancellationToken;
            _log = log;
        }

        public string Folder { get; }

        public long BytesReceived => Interlocked.Read(ref _bytesReceived);

        /// <summary>Jobs started whose result has not been taken yet.</summary>
        public int Pending => Volatile.Read(ref _pending);

        /// <summary>The name the file will have, when it is known before the answer (the index, the URL).</summary>
        public string? PlannedFileName(MediaJob job)
        {
            if (_index.Get(job.Key) is MediaIndexEntry entry)
            {
                return entry.File;
            }

            return MediaFileNames.ExtensionFromUrl(job.Url) is string extension ? MediaFileNames.FileName(job.Key, extension) : null;
        }

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
        public Task WaitForResultAsync(TimeSpan most) => _resultSignal.WaitAsync(most, _cancellationToken);

        /// <summary>Waits for every download to end (cancelled ones too) and saves the index: call it on any exit.</summary>
        public async Task CloseAsync()
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
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                _log.Warning($"The archive index in {Folder} could not be saved ({e.Message}); the files are complete, and the next run checks them by their times.");
            }
        }

        private async Task RunAsync(MediaJob job)
        {
            MediaResult result;
            try
            {
                await _slots.WaitAsync(_cancellationToken).ConfigureAwait(false);
                try
                {
                    result = await _downloader.SaveAsync(job, _cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _slots.Release();
                }
            }
            catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Hyper3DException || e is IOException || e is UnauthorizedAccessException || e is ArgumentException)
            {
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
            _http.Dispose();
            _slots.Dispose();
            _resultSignal.Dispose();
        }
    }
}
