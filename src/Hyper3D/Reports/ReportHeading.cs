using System;

namespace Hyper3D.Reports
{
    /// <summary>What the report says about itself, above the cards.</summary>
    internal sealed class ReportHeading
    {
        public const string DefaultTitle = "Hyper3D gallery report";

        public string Title { get; set; } = DefaultTitle;

        /// <summary>The user's words for what the cards are (which gallery, which filter, which week).</summary>
        public string? Description { get; set; }

        public DateTimeOffset MadeAt { get; set; } = DateTimeOffset.Now;

        /// <summary>The zone times and days are shown in.</summary>
        public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Local;
    }
}
