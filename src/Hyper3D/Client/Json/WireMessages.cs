using System.Text.Json.Serialization;

namespace Hyper3D.Client.Json
{
    /// <summary>POST /user/login. Older servers read a <c>username</c> field; it is deprecated, so only email is sent.</summary>
    internal sealed class LoginRequest
    {
        [JsonPropertyName("email")]
        public string Email { get; set; } = string.Empty;

        [JsonPropertyName("password")]
        public string Password { get; set; } = string.Empty;
    }

    /// <summary>
    /// The login answer's token, or <c>{"error": "..."}</c> whatever the status. The same body also carries the
    /// user (read separately as a <see cref="Hyper3D.Model.GalleryUser"/>, as the vendor's client embeds it).
    /// </summary>
    internal sealed class LoginResponse
    {
        [JsonPropertyName("error")]
        public string? Error { get; set; }

        [JsonPropertyName("token")]
        public string? Token { get; set; }
    }

    /// <summary>POST /task/cards. Null members are left out: the body carries only the filters given.</summary>
    internal sealed class GalleryRequest
    {
        [JsonPropertyName("page_num")]
        public int PageNum { get; set; }

        [JsonPropertyName("type")]
        public string Type { get; set; } = string.Empty;

        [JsonPropertyName("user_type")]
        public string? UserType { get; set; }

        [JsonPropertyName("task_type")]
        public string? TaskType { get; set; }

        [JsonPropertyName("task_step")]
        public string[]? TaskStep { get; set; }

        [JsonPropertyName("group_uuid")]
        public string? GroupUuid { get; set; }

        [JsonPropertyName("tag_ids")]
        public int[]? TagIds { get; set; }

        [JsonPropertyName("user_override")]
        public string? UserOverride { get; set; }

        [JsonPropertyName("is_hidden")]
        public bool? IsHidden { get; set; }
    }

    /// <summary>The documented error shape, <c>{"error": "CODE"}</c>.</summary>
    internal sealed class ErrorBody
    {
        [JsonPropertyName("error")]
        public string? Error { get; set; }
    }
}
