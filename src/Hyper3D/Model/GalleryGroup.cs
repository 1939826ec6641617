using System.Text.Json.Serialization;

namespace Hyper3D.Model
{
    /// <summary>
    /// The group a card belongs to. The server nests the settings one level down; they are lifted onto the
    /// group so that ConvertTo-Json of a card, at its default depth, keeps them whole and keeps lists as lists.
    /// </summary>
    public sealed class GalleryGroup
    {
        public string? Uuid { get; set; }

        public string? Name { get; set; }

        public int MemberCount { get; set; }

        public Timestamp? ExpirationDate { get; set; }

        public decimal? Balance { get; set; }

        public string? CheckinCode { get; set; }

        [JsonIgnore]
        public TextList AllowedStyle => Settings?.AllowedStyle ?? TextList.Empty;

        [JsonIgnore]
        public TextList AllowedTopology => Settings?.AllowedTopology ?? TextList.Empty;

        [JsonIgnore]
        public int? MaxMemberCount => Settings?.MaxMemberCount;

        [JsonIgnore]
        public bool? AllowPreview => Settings?.AllowPreview;

        [JsonIgnore]
        public TextList AdditionalSettings => Settings?.AdditionalSettings ?? TextList.Empty;

        [JsonInclude]
        internal GroupSettings? Settings { get; set; }

        public override string ToString() => Name ?? Uuid ?? string.Empty;
    }
}
