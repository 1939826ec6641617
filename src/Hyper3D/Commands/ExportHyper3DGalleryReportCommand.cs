using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using Hyper3D.Model;
using Hyper3D.Reports;

namespace Hyper3D.Commands
{
    /// <summary>
    /// Export-Hyper3DGalleryReport: cards from the pipeline into one self-contained HTML report. Cards are written
    /// as they arrive into a file beside the target, which replaces the target only once the report is whole, so
    /// a listing that fails half-way never leaves a half report where a good one was.
    /// </summary>
    [Cmdlet(VerbsData.Export, "Hyper3DGalleryReport", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportHyper3DGalleryReportCommand : Hyper3DCmdlet, IDisposable
    {
        private string? _target;
        private string? _partial;
        private StreamWriter? _file;
        private GalleryReportWriter? _report;
        private readonly PipedCards _given = new PipedCards("the report was not written (an existing one is kept)");

        /// <summary>The .html file to write.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [CardTransformation]
        public GalleryCard? InputObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Title { get; set; } = ReportHeading.DefaultTitle;

        /// <summary>What the cards are (gallery, filter, period), shown under the title.</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>The folder Save-Hyper3DCardMedia wrote to; its files replace the cards' web addresses.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? MediaPath { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        public SwitchParameter Open { get; set; }

        protected override void BeginProcessing()
        {
            string target = ResolveTarget();
            SavedMediaLinks? media = MediaPath == null ? null : IndexMedia(target);
            bool exists = File.Exists(target);
            if (exists && !Force)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "ReportFileExists",
                    ErrorCategory.ResourceExists,
                    $"The file '{target}' already exists.",
                    "Pass -Force to overwrite it, or choose another -Path.",
                    target));
            }

            if (!ShouldProcess(target, exists ? "Overwrite the gallery report" : "Write a gallery report"))
            {
                return;
            }

            _target = target;
            // A short name of its own, not the target's with more added: a -Path already near the file system's
            // limit for a name must still have room for its temporary copy.
            _partial = System.IO.Path.Combine(
                System.IO.Path.GetDirectoryName(target)!,
                "." + Guid.NewGuid().ToString("n").Substring(0, 8) + ".partial");
            WriteSafely(() =>
            {
                _file = new StreamWriter(_partial, false, new UTF8Encoding(false), 1 << 16);
                _report = new GalleryReportWriter(_file, new ReportHeading { Title = Title, Description = Description }, media);
                _report.Begin();
            });
        }

        protected override void ProcessRecord()
        {
            if (_report != null && InputObject != null && _given.Admit(InputObject))
            {
                WriteSafely(() => _report.Add(InputObject));
            }
        }

        protected override void EndProcessing()
        {
            if (_report == null || _file == null || _target == null || _partial == null)
            {
                return;
            }

            _given.Finish(this);
            WriteSafely(() =>
            {
                _report.End();
                _file.Dispose();
                _file = null;
                if (File.Exists(_target))
                {
                    File.Replace(_partial, _target, null);
                }
                else
                {
                    File.Move(_partial, _target);
                }
            });
            WriteVerbose($"Wrote a report of {_report.Cards} cards to {_target}.");

            if (PassThru)
            {
                WriteObject(new FileInfo(_target));
            }

            if (Open && DefaultBrowser.TryOpen(_target) is string problem)
            {
                WriteWarning(problem);
            }
        }

        /// <summary>Removes the unfinished file when the pipeline stops or fails before the report is whole.</summary>
        void IDisposable.Dispose()
        {
            _file?.Dispose();
            _file = null;
            if (_partial != null && File.Exists(_partial))
            {
                try
                {
                    File.Delete(_partial);
                }
                catch (IOException)
                {
                    // The pipeline is already ending with its own error; a leftover hidden file must not replace it.
                }
            }

            Dispose();
        }

        private string ResolveTarget()
        {
            string target = FileSystemPath.Resolve(this, Path, "ReportPathNotFileSystem", "./report.html");

            if (Directory.Exists(target))
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "ReportPathIsFolder",
                    ErrorCategory.InvalidArgument,
                    $"'{target}' is a folder.",
                    "Pass the path of the .html file to write, for example " + System.IO.Path.Combine(target, "report.html") + ".",
                    target));
            }

            string? folder = System.IO.Path.GetDirectoryName(target);
            if (folder == null || !Directory.Exists(folder))
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "ReportFolderNotFound",
                    ErrorCategory.ObjectNotFound,
                    $"The folder '{folder}' does not exist.",
                    "Create it first (New-Item -ItemType Directory), or choose another -Path.",
                    target));
            }

            return target;
        }

        private SavedMediaLinks IndexMedia(string target)
        {
            string folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(MediaPath, out _, out _);
            if (!Directory.Exists(folder))
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "MediaPathNotFound",
                    ErrorCategory.ObjectNotFound,
                    $"The media folder '{folder}' does not exist.",
                    "Pass the folder Save-Hyper3DCardMedia -Path wrote to, or leave out -MediaPath to show the pictures from the web.",
                    MediaPath));
            }

            SavedMediaLinks media = WriteSafely(() => new SavedMediaLinks(folder, System.IO.Path.GetDirectoryName(target)!));
            WriteVerbose($"Found {media.Count} saved pictures and videos in {folder}.");
            return media;
        }

        private void WriteSafely(Action write) => WriteSafely(() =>
        {
            write();
            return true;
        });

        private T WriteSafely<T>(Func<T> write)
        {
            try
            {
                return write();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "ReportWriteFailed",
                    ErrorCategory.WriteError,
                    $"Writing the report '{_target ?? Path}' failed: {e.Message}",
                    "Check that the folder is writable and has space, then run the command again.",
                    _target ?? Path));

                // Not reached: ThrowTerminatingError always throws, which the compiler cannot see.
                throw;
            }
        }
    }
}
