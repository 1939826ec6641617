using System;
using System.Security.Authentication;
using System.Text.RegularExpressions;

namespace Hyper3D.Client.Errors
{
    /// <summary>
    /// Why a server's certificate was refused, in plain words. .NET names the SslPolicyErrors and X509 chain status
    /// flags in its message ("…errors in the certificate chain: PartialChain"); those names are not translated.
    /// </summary>
    internal static class Certificates
    {
        public static CertificateProblem ProblemIn(AuthenticationException e)
        {
            string text = e.Message + " " + e.InnerException?.Message;
            if (Names(text, "Revoked"))
            {
                return CertificateProblem.Revoked;
            }

            if (Names(text, "NotTimeValid") || Names(text, "NotTimeNested"))
            {
                return CertificateProblem.Expired;
            }

            if (Names(text, "RemoteCertificateNameMismatch"))
            {
                return CertificateProblem.NameMismatch;
            }

            if (Names(text, "UntrustedRoot") || Names(text, "PartialChain") || Names(text, "RemoteCertificateChainErrors"))
            {
                return CertificateProblem.UntrustedIssuer;
            }

            return CertificateProblem.Unknown;
        }

        public static string Describe(CertificateProblem problem, string host, AuthenticationException e)
        {
            switch (problem)
            {
                case CertificateProblem.UntrustedIssuer:
                    return "its certificate was issued by a certificate authority this machine does not trust (a private or company CA, or a chain the server sends incomplete).";
                case CertificateProblem.NameMismatch:
                    return $"its certificate is not issued for the name {host}.";
                case CertificateProblem.Expired:
                    return "its certificate has expired or is not valid yet (or this machine's clock is wrong).";
                case CertificateProblem.Revoked:
                    return "its certificate has been revoked by the authority that issued it.";
                default:
                    return FailureClassifier.Sentence(e.Message);
            }
        }

        private static bool Names(string text, string flag) => Regex.IsMatch(text, @"\b" + flag + @"\b", RegexOptions.CultureInvariant);
    }
}
