namespace Hyper3D.Client.Errors
{
    /// <summary>Why a server's certificate was refused, as far as the system says: the advice differs for each.</summary>
    internal enum CertificateProblem
    {
        Unknown,
        UntrustedIssuer,
        NameMismatch,
        Expired,
        Revoked,
    }
}
