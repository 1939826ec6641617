using System.Text.Json.Serialization;

namespace Hyper3D.Model
{
    /// <summary>A user as the API describes one (a card's author, or the signed-in user).</summary>
    public sealed class GalleryUser
    {
        [JsonPropertyName("user_uuid")]
        public string? UserUuid { get; set; }

        [JsonPropertyName("username")]
        public string? Username { get; set; }

        [JsonPropertyName("avatar_url")]
        public string? AvatarUrl { get; set; }

        [JsonPropertyName("email")]
        public string? Email { get; set; }

        public override string ToString() => Username ?? Email ?? UserUuid ?? string.Empty;
    }
}
