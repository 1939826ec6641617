using System;
using System.Diagnostics;
using System.Management.Automation;

namespace Hyper3D.Commands
{
    /// <summary>
    /// One progress bar, redrawn at most every <see cref="Interval"/>: a host redraws on every record, and a record
    /// per card or per file would cost more than the work it reports.
    /// </summary>
    internal sealed class ProgressThrottle
    {
        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

        private readonly Cmdlet _cmdlet;
        private readonly int _activityId;
        private readonly string _activity;
        private readonly Stopwatch _sinceShown = Stopwatch.StartNew();
        private ProgressRecord? _shown;

        public ProgressThrottle(Cmdlet cmdlet, int activityId, string activity)
        {
            _cmdlet = cmdlet;
            _activityId = activityId;
            _activity = activity;
        }

        /// <summary>Shows the status when the last one shown is old enough; the text is made only then.</summary>
        public void Update(Func<string> status, int percentComplete = -1)
        {
            if (_sinceShown.Elapsed < Interval)
            {
                return;
            }

            // A new record each time: the host may keep the ones it was given.
            _shown = new ProgressRecord(_activityId, _activity, status()) { PercentComplete = percentComplete };
            _cmdlet.WriteProgress(_shown);
            _sinceShown.Restart();
        }

        /// <summary>Removes the bar, if one was shown, with the final status when there is one, else the last shown.</summary>
        public void Complete(string? finalStatus = null)
        {
            if (_shown == null)
            {
                return;
            }

            _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, finalStatus ?? _shown.StatusDescription) { RecordType = ProgressRecordType.Completed });
        }
    }
}
