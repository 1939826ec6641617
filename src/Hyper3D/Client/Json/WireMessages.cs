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

    /// <summary>The login answer: the user and a token, or <c>{"error": "..."}</c> whatever the status.</summary>
    internal sealed class LoginResponse
    {
        [JsonPropertyName("error")]
        public string? Error { get; set; }

        [JsonPropertyName("token")]
        public string? Token { get; set; }

        [JsonPropertyName("user_uuid")]
        public string? UserUuid { get; set; }

        [JsonPropertyName("username")]
        public string? Username { get; set; }

        [JsonPropertyName("avatar_url")]
        public string? AvatarUrl { get; set; }

        [JsonPropertyName("email")]
        public string? Email { get; set; }
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
