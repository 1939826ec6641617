namespace Hyper3D
{
    /// <summary>What went wrong, in the terms a caller acts on; the cmdlets map each to an ErrorCategory.</summary>
    public enum ErrorKind
    {
        Authentication,
        PermissionDenied,
        NotFound,
        InvalidArgument,
        RateLimited,
        Unavailable,
        Timeout,
        ConnectionFailed,
        TlsFailure,
        InsecureTransport,
        QuotaExceeded,
        InvalidResponse,
        ApiError,
        SessionClosed,
        ProxyAuthentication,
    }
}
