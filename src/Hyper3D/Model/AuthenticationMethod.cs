namespace Hyper3D.Model
{
    /// <summary>How a session proves who it is.</summary>
    public enum AuthenticationMethod
    {
        /// <summary>No sign-in: the public galleries only.</summary>
        Anonymous,

        /// <summary>Signed in with an email and password, kept to sign in again when the token expires.</summary>
        Credential,

        /// <summary>A token given by the caller.</summary>
        Token,
    }
}
