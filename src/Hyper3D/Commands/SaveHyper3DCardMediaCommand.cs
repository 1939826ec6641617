using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using Hyper3D.Client.Media;
using Hyper3D.Client.Pacing;
using Hyper3D.Model;

namespace Hyper3D.Commands
{
    /// <summary>
    /// Save-Hyper3DCardMedia: saves the preview image and turntable video behind each card into one folder,
    /// several at once, each file complete under its final name or not there at all; a second run fetches only
    /// what is missing or changed.
    /// </summary>
    [Cmdlet(VerbsData.Save, "Hyper3DCardMedia", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveHyper3DCardMediaCommand : Hyper3DCmdlet, IDisposable
    {
        private readonly PipedCards _given = new PipedCards("nothing was saved");
        private Hyper3DSession? _session;
        private MediaRun? _run;
        private ProgressThrottle? _progress;

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        [CardTransformation]
        public GalleryCard[]? InputObject { get; set; }

        /// <summary>The archive folder; created when missing.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public MediaKind[] Kind { get; set; } = { MediaKind.Image, MediaKind.Video };

        /// <summary>
        /// The most downloads at once; fewer while a media server's answers slow down or it throttles, as the
        /// session's limit for that server adapts.
        /// </summary>
        [Parameter]
        [ValidateRange(1, ConcurrencyLimit.Maximum)]
        public int ThrottleLimit { get; set; } = MediaArchive.DefaultThrottleLimit;

        /// <summary>Download again, even files already complete.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Hyper3DSession? Session { get; set; }

        protected override void BeginProcessing()
        {
            _session = ResolveSession(Session);
            _progress = new ProgressThrottle(this, 1, "Saving card media");
            string folder = FileSystemPath.Resolve(this, Path!, "PathNotFileSystem", "./archive");
            _run = new MediaRun(_session.Client, folder, ThrottleLimit, Force, Log, CancelToken);
        }

        protected override void ProcessRecord()
        {
            RunClosingOnFailure(() =>
            {
                foreach (GalleryCard card in InputObject!)
                {
                    if (!_given.Admit(card))
                    {
                        continue;
                    }

                    foreach (MediaKind kind in Kind)
                    {
                        Queue(card, kind);
                        WriteResults(waitForOne: false);
                        while (_run!.IsFull)
                        {
                            WriteResults(waitForOne: true);
                        }
                    }
                }
            });
        }

        protected override void EndProcessing()
        {
            RunClosingOnFailure(() =>
            {
                while (_run!.Pending > 0)
                {
                    WriteResults(waitForOne: true);
                }

                if (Await(_run.CloseAsync(), _run.Folder) is string indexNotSaved)
                {
                    WriteError(ErrorRecordFactory.Create(
                        "ArchiveIndexNotSaved",
                        ErrorCategory.WriteError,
                        indexNotSaved,
                        "Free some space or make the folder writable; nothing needs to be downloaded again.",
                        _run.Folder));
                }

                _progress!.Complete(ProgressText());
                _given.Finish(this);
                WriteSummary();
            });
        }

        private void Queue(GalleryCard card, MediaKind kind)
        {
            string? text = kind == MediaKind.Image ? card.ImageUrl : card.VideoUrl;
            string what = kind == MediaKind.Image ? "image" : "video";
            if (string.IsNullOrWhiteSpace(text))
            {
                WriteVerbose($"Card {card.TaskUuid} has no {what} URL; skipped.");
                return;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                WriteError(ErrorRecordFactory.Create(
                    "InvalidMediaUrl",
                    ErrorCategory.InvalidData,
                    $"Card {card.TaskUuid} has a {what} URL that is not an absolute http(s) URL: '{text}'.",
                    "The card's other files are saved; check the card on the server.",
                    card));
                return;
            }

            var job = new MediaJob(card.TaskUuid, kind, url);
            if (!_run!.Admit(job))
            {
                WriteVerbose($"The {what} of card {card.TaskUuid} is already being saved; the repeated card is skipped.");
                return;
            }

            if (!ShouldProcess(_run.PlannedPath(job), $"Save {job.Describe()} from {url}"))
            {
                return;
            }

            if (_session!.Client.IsClosed)
            {
                // Disconnected while cards were still coming: no further file is asked for, with or without a token.
                ThrowTerminatingError(ErrorRecordFactory.From(_session.Client.Closed(), null));
            }

            Start(job);
        }

        private void Start(MediaJob job)
        {
            try
            {
                _run!.Start(job);
            }
            catch (ArchiveBusyException e)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "ArchiveBusy",
                    ErrorCategory.ResourceBusy,
                    e.Message + " Two runs into one folder would overwrite each other's files and index.",
                    "Wait for the other run to end, or save into another folder; running this command again later fetches only what is still missing.",
                    _run!.Folder));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "ArchiveFolderUnavailable",
                    ErrorCategory.WriteError,
                    $"Could not open the archive folder {_run!.Folder}: {e.Message}",
                    "Check that the path is a folder you may write to.",
                    _run.Folder));
            }
        }

        /// <summary>Writes every result ready (optionally waiting for one), and the progress bar.</summary>
        private void WriteResults(bool waitForOne)
        {
            if (_run!.Started == 0)
            {
                return;
            }

            if (waitForOne && !TryWriteResult())
            {
                Await(_run.WaitForResultAsync(ProgressThrottle.Interval), _run.Folder);
            }

            while (TryWriteResult())
            {
            }

            Log.Drain();
            _progress!.Update(ProgressText, Math.Min(100, _run.Finished * 100 / _run.Started));
        }

        private bool TryWriteResult()
        {
            if (!_run!.TryTakeResult(out MediaResult result))
            {
                return false;
            }

            MediaJob job = result.Job;
            switch (result.Failure)
            {
                case null:
                    WriteVerbose(result.Outcome == MediaOutcome.AlreadyComplete
                        ? $"{result.Path}: already complete (unchanged on the server)."
                        : $"{result.Path}: saved{(result.Outcome == MediaOutcome.Resumed ? " (resumed)" : string.Empty)}.");
                    if (PassThru)
                    {
                        var file = PSObject.AsPSObject(new FileInfo(result.Path!));
                        file.Properties.Add(new PSNoteProperty("TaskUuid", job.TaskUuid));
                        file.Properties.Add(new PSNoteProperty("Kind", job.Kind));
                        WriteObject(file);
                    }

                    break;
                case Hyper3DException failure:
                    ErrorRecord record = ErrorRecordFactory.From(failure, job.Url.ToString(), _session!.BaseUri);
                    string advice = "The other files go on; run the same command again to fetch what is missing (complete files are not downloaded again). " + record.ErrorDetails.RecommendedAction;
                    record.ErrorDetails = new ErrorDetails(failure.Message) { RecommendedAction = advice };
                    WriteError(record);
                    break;
                case IOException _:
                case UnauthorizedAccessException _:
                    WriteError(ErrorRecordFactory.Create(
                        "MediaWriteFailed",
                        ErrorCategory.WriteError,
                        $"Could not write {job.Describe()} from {job.Url} into {_run.Folder}: {result.Failure.Message}",
                        "Check that the folder is writable and has free space, then run the command again.",
                        job.Url.ToString()));
                    break;
                default:
                    WriteError(ErrorRecordFactory.Create(
                        "MediaSaveFailed",
                        ErrorCategory.NotSpecified,
                        $"Could not save {job.Describe()} from {job.Url}: an unexpected failure ({result.Failure.Message.TrimEnd('.')}).",
                        "The other files go on; run the command again, and if this repeats, report it with this message.",
                        job.Url.ToString()));
                    break;
            }

            return true;
        }

        private string ProgressText() => string.Format(
            CultureInfo.CurrentCulture,
            "{0} files finished of {1} started, {2:0.0} MB received",
            _run!.Finished,
            _run.Started,
            _run.BytesReceived / (1024.0 * 1024.0));

        /// <summary>
        /// One line the host shows by default (as Write-Host does) and the output stream never carries: scripts that
        /// pipe -PassThru get only files, a person at the prompt learns what happened.
        /// </summary>
        private void WriteSummary()
        {
            if (_run!.Finished == 0)
            {
                return;
            }

            string summary = string.Format(
                CultureInfo.CurrentCulture,
                "Save-Hyper3DCardMedia: {0} downloaded, {1} unchanged, {2} failed, in {3}.",
                _run.Downloaded,
                _run.Unchanged,
                _run.Failed,
                _run.Folder);
            WriteInformation(new HostInformationMessage { Message = summary }, new[] { "PSHOST" });
        }

        /// <summary>On Ctrl+C or a terminating error the downloads stop, and the index keeps what they saw.</summary>
        private void RunClosingOnFailure(Action work)
        {
            try
            {
                work();
            }
            catch
            {
                _run?.Abandon();
                throw;
            }
        }

        void IDisposable.Dispose()
        {
            // A stop while this command waits on the pipeline (the listing before it is still paging) ends here.
            _run?.Abandon();
            Dispose();
        }
    }
}
