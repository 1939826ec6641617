using System;
using System.Text.Json.Serialization;

namespace Hyper3D.Model
{
    /// <summary>The group a card belongs to.</summary>
    public sealed class GalleryGroup
    {
        [JsonPropertyName("uuid")]
        public string? Uuid { get; set; }

        [JsonPropertyName("name")]
        public string? Name { get; set; }

        [JsonPropertyName("member_count")]
        public int MemberCount { get; set; }

        [JsonPropertyName("expiration_date")]
        public DateTime? ExpirationDate { get; set; }

        [JsonPropertyName("settings")]
        public GroupSettings? Settings { get; set; }

        [JsonPropertyName("balance")]
        public decimal? Balance { get; set; }

        [JsonPropertyName("checkin_code")]
        public string? CheckinCode { get; set; }

        public override string ToString() => Name ?? Uuid ?? string.Empty;
    }
}
