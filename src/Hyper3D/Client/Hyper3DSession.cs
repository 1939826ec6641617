using System;
using Hyper3D.Client;
using Hyper3D.Client.Listing;
using Hyper3D.Client.Secrets;
using Hyper3D.Model;

namespace Hyper3D
{
    /// <summary>
    /// A connection to one Hyper3D server, as Connect-Hyper3D -PassThru and Get-Hyper3DConnection show it. Its
    /// user is shaped like a card's author: <see cref="User"/> is the username (text), the ids are columns of their
    /// own, and the server's object is <see cref="UserInfo"/>. The token stays inside; nothing here displays it.
    /// </summary>
    public sealed class Hyper3DSession
    {
        internal Hyper3DSession(Hyper3DClient client, AuthenticationMethod authentication)
        {
            Client = client;
            Authentication = authentication;
            ConnectedAt = DateTime.Now;
        }

        internal Hyper3DClient Client { get; }

        /// <summary>The groups this session's listings have met, for -GroupUuid completion.</summary>
        internal GroupDirectory Groups { get; } = new GroupDirectory();

        public Uri BaseUri => Client.Options.BaseUri;

        public AuthenticationMethod Authentication { get; }

        public bool IsAuthenticated => Client.IsAuthenticated;

        /// <summary>The signed-in user's username.</summary>
        public string? User => UserInfo?.Username;

        public string? UserUuid => UserInfo?.UserUuid;

        public string? UserEmail => UserInfo?.Email;

        public GalleryUser? UserInfo => Client.User;

        /// <summary>Shows that a token is held, never any part of it.</summary>
        public string? Token => Client.IsAuthenticated ? SecretScrubber.Mask : null;

        /// <summary>The Subscription-Key header of the last gallery answer (the default views mask it).</summary>
        public string? SubscriptionKey => Client.SubscriptionKey;

        public DateTime ConnectedAt { get; }

        public bool SkipCertificateCheck => Client.Options.SkipCertificateCheck;

        /// <summary>The proxy requests to <see cref="BaseUri"/> go through (never its user name or password), or null.</summary>
        public Uri? Proxy => Client.Options.Proxy?.For(BaseUri);

        public int TimeoutSec => (int)Client.Options.Timeout.TotalSeconds;

        public int MaximumRetryCount => Client.Options.MaximumRetryCount;

        public int RetryIntervalSec => (int)Client.Options.RetryInterval.TotalSeconds;

        public override string ToString()
        {
            string who = UserInfo?.ToString() is { Length: > 0 } name ? name : (IsAuthenticated ? "token" : "anonymous");
            return $"{BaseUri} ({who})";
        }
    }
}
