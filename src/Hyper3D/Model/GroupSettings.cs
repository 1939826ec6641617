using System.Text.Json.Serialization;

namespace Hyper3D.Model
{
    /// <summary>A group's settings as the API returns them.</summary>
    public sealed class GroupSettings
    {
        [JsonPropertyName("allowed_style")]
        public TextList AllowedStyle { get; set; } = TextList.Empty;

        [JsonPropertyName("allowed_topology")]
        public TextList AllowedTopology { get; set; } = TextList.Empty;

        [JsonPropertyName("max_member_count")]
        public int? MaxMemberCount { get; set; }

        [JsonPropertyName("allow_preview")]
        public bool? AllowPreview { get; set; }

        [JsonPropertyName("additional_settings")]
        public TextList AdditionalSettings { get; set; } = TextList.Empty;

        public override string ToString()
        {
            var parts = new System.Collections.Generic.List<string>();
            if (AllowedStyle.Count > 0) parts.Add("Styles: " + AllowedStyle);
            if (AllowedTopology.Count > 0) parts.Add("Topologies: " + AllowedTopology);
            if (MaxMemberCount.HasValue) parts.Add("Max members: " + MaxMemberCount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (AllowPreview.HasValue) parts.Add("Preview: " + (AllowPreview.Value ? "allowed" : "not allowed"));
            if (AdditionalSettings.Count > 0) parts.Add("Other: " + AdditionalSettings);
            return string.Join("; ", parts);
        }
    }
}
