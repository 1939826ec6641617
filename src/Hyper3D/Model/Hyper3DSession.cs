using System;
using Hyper3D.Client;

namespace Hyper3D.Model
{
    /// <summary>
    /// A connection to one Hyper3D server, as Connect-Hyper3D -PassThru and Get-Hyper3DConnection show it.
    /// The token stays inside; nothing here displays it.
    /// </summary>
    public sealed class Hyper3DSession
    {
        internal const string MaskedToken = "********";

        internal Hyper3DSession(Hyper3DClient client, string authentication)
        {
            Client = client;
            Authentication = authentication;
            ConnectedAt = DateTime.Now;
        }

        internal Hyper3DClient Client { get; }

        public Uri BaseUri => Client.Options.BaseUri;

        /// <summary>Credential, Token or Anonymous.</summary>
        public string Authentication { get; }

        public bool IsAuthenticated => Client.IsAuthenticated;

        public GalleryUser? User => Client.User;

        /// <summary>Shows that a token is held, never any part of it.</summary>
        public string? Token => Client.IsAuthenticated ? MaskedToken : null;

        /// <summary>The Subscription-Key header of the last gallery answer.</summary>
        public string? SubscriptionKey => Client.SubscriptionKey;

        public DateTime ConnectedAt { get; }

        public bool SkipCertificateCheck => Client.Options.SkipCertificateCheck;

        public int TimeoutSec => (int)Client.Options.Timeout.TotalSeconds;

        public int MaximumRetryCount => Client.Options.MaximumRetryCount;

        public int RetryIntervalSec => (int)Client.Options.RetryInterval.TotalSeconds;

        public override string ToString()
        {
            string who = User?.ToString() is { Length: > 0 } name ? name : (IsAuthenticated ? "token" : "anonymous");
            return $"{BaseUri} ({who})";
        }
    }
}
