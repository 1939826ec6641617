using System;
using System.Text.Json.Serialization;

namespace Hyper3D.Model
{
    /// <summary>
    /// One gallery card. Every property a script compares is a plain value: <see cref="Author"/> and
    /// <see cref="Group"/> are names (text), their ids are columns of their own, and the server's objects stay
    /// reachable as <see cref="AuthorInfo"/> and <see cref="GroupInfo"/>. <see cref="Type"/> and <see cref="Step"/>
    /// keep the server's text: servers add values over time, and an unknown one must never fail a listing.
    /// </summary>
    public sealed class GalleryCard
    {
        public string TaskUuid { get; set; } = string.Empty;

        public string? Title { get; set; }

        public string? Type { get; set; }

        public string? Step { get; set; }

        public int NumLike { get; set; }

        public bool IsLike { get; set; }

        /// <summary>When the card was made: exports as ISO 8601, compares with Get-Date.</summary>
        public Timestamp? Time { get; set; }

        /// <summary>The author's username.</summary>
        [JsonIgnore]
        public string? Author => AuthorInfo?.Username;

        [JsonIgnore]
        public string? AuthorUuid => AuthorInfo?.UserUuid;

        /// <summary>Only where the server gives it.</summary>
        [JsonIgnore]
        public string? AuthorEmail => AuthorInfo?.Email;

        /// <summary>The group's name.</summary>
        [JsonIgnore]
        public string? Group => GroupInfo?.Name;

        /// <summary>Binds by name to -GroupUuid, so cards and CSV rows pipe into Get-Hyper3DGalleryCard.</summary>
        [JsonIgnore]
        public string? GroupUuid => GroupInfo?.Uuid;

        public string? Prompt { get; set; }

        public string? Style { get; set; }

        public string? ImageUrl { get; set; }

        public string? VideoUrl { get; set; }

        public bool? IsPrivate { get; set; }

        public bool? IsHidden { get; set; }

        public string? UserState { get; set; }

        /// <summary>The API spells this field <c>lisenced</c>.</summary>
        [JsonPropertyName("lisenced")]
        public bool? Licensed { get; set; }

        public bool? IsGenme { get; set; }

        public bool? AllowPreview { get; set; }

        public TextList PendingJobs { get; set; } = TextList.Empty;

        [JsonPropertyName("author")]
        public GalleryUser? AuthorInfo { get; set; }

        [JsonPropertyName("group")]
        public GalleryGroup? GroupInfo { get; set; }

        /// <summary>The card's time as an instant, for code that must not depend on the type of <see cref="Time"/>.</summary>
        internal DateTimeOffset? Instant => Time is null ? (DateTimeOffset?)null : (DateTimeOffset)Time;

        /// <summary>What the table shows: an untitled card is known by its TaskUuid.</summary>
        public override string ToString() => string.IsNullOrEmpty(Title) ? TaskUuid : Title!;
    }
}
