using System;
using System.Text.Json.Serialization;

namespace Hyper3D.Model
{
    /// <summary>
    /// One gallery card. <see cref="Type"/> and <see cref="Step"/> keep the server's text: servers add values
    /// over time, and an unknown one must never fail a listing.
    /// </summary>
    public sealed class GalleryCard
    {
        [JsonPropertyName("task_uuid")]
        public string TaskUuid { get; set; } = string.Empty;

        [JsonPropertyName("title")]
        public string? Title { get; set; }

        [JsonPropertyName("type")]
        public string? Type { get; set; }

        [JsonPropertyName("step")]
        public string? Step { get; set; }

        [JsonPropertyName("num_like")]
        public int NumLike { get; set; }

        [JsonPropertyName("is_like")]
        public bool IsLike { get; set; }

        /// <summary>When the card was made, in local time so it compares directly with Get-Date.</summary>
        [JsonPropertyName("time")]
        public DateTime? Time { get; set; }

        [JsonPropertyName("author")]
        public GalleryUser? Author { get; set; }

        [JsonPropertyName("prompt")]
        public string? Prompt { get; set; }

        [JsonPropertyName("style")]
        public string? Style { get; set; }

        [JsonPropertyName("group")]
        public GalleryGroup? Group { get; set; }

        [JsonPropertyName("image_url")]
        public string? ImageUrl { get; set; }

        [JsonPropertyName("video_url")]
        public string? VideoUrl { get; set; }

        [JsonPropertyName("is_private")]
        public bool? IsPrivate { get; set; }

        [JsonPropertyName("is_hidden")]
        public bool? IsHidden { get; set; }

        [JsonPropertyName("user_state")]
        public string? UserState { get; set; }

        /// <summary>The API spells this field <c>lisenced</c>.</summary>
        [JsonPropertyName("lisenced")]
        public bool? Licensed { get; set; }

        [JsonPropertyName("is_genme")]
        public bool? IsGenme { get; set; }

        [JsonPropertyName("allow_preview")]
        public bool? AllowPreview { get; set; }

        [JsonPropertyName("pending_jobs")]
        public TextList PendingJobs { get; set; } = TextList.Empty;

        /// <summary>The card's time as an instant, whatever type <see cref="Time"/> has for display.</summary>
        internal DateTimeOffset? Instant => Time.HasValue ? new DateTimeOffset(Time.Value) : (DateTimeOffset?)null;

        public override string ToString() => Title ?? TaskUuid;
    }
}
