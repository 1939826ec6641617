namespace Hyper3D.Model
{
    /// <summary>A group's settings as the API nests them; <see cref="GalleryGroup"/> shows them as its own.</summary>
    internal sealed class GroupSettings
    {
        public TextList AllowedStyle { get; set; } = TextList.Empty;

        public TextList AllowedTopology { get; set; } = TextList.Empty;

        public int? MaxMemberCount { get; set; }

        public bool? AllowPreview { get; set; }

        public TextList AdditionalSettings { get; set; } = TextList.Empty;
    }
}
