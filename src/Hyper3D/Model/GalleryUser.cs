namespace Hyper3D.Model
{
    /// <summary>A user as the API describes one (a card's author, or the signed-in user).</summary>
    public sealed class GalleryUser
    {
        public string? UserUuid { get; set; }

        public string? Username { get; set; }

        public string? AvatarUrl { get; set; }

        public string? Email { get; set; }

        public override string ToString() => Username ?? Email ?? UserUuid ?? string.Empty;
    }
}
