namespace Hyper3D.Client.Json
{
    /// <summary>POST /user/login. Older servers read a <c>username</c> field; it is deprecated, so only email is sent.</summary>
    internal sealed class LoginRequest
    {
        public string Email { get; set; } = string.Empty;

        public string Password { get; set; } = string.Empty;
    }

    /// <summary>
    /// The login answer's token, or <c>{"error": "..."}</c> whatever the status. The same body also carries the
    /// user (read separately as a <see cref="Hyper3D.Model.GalleryUser"/>, as the vendor's client embeds it).
    /// </summary>
    internal sealed class LoginResponse
    {
        public string? Error { get; set; }

        public string? Token { get; set; }
    }

    /// <summary>POST /task/cards. Null members are left out: the body carries only the filters given.</summary>
    internal sealed class GalleryRequest
    {
        public int PageNum { get; set; }

        public string Type { get; set; } = string.Empty;

        public string? UserType { get; set; }

        public string? TaskType { get; set; }

        public string[]? TaskStep { get; set; }

        public string? GroupUuid { get; set; }

        public int[]? TagIds { get; set; }

        public string? UserOverride { get; set; }

        public bool? IsHidden { get; set; }
    }

    /// <summary>The documented error shape, <c>{"error": "CODE"}</c>.</summary>
    internal sealed class ErrorBody
    {
        public string? Error { get; set; }
    }
}
