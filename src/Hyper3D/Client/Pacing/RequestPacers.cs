using System;
using System.Collections.Concurrent;

namespace Hyper3D.Client.Pacing
{
    /// <summary>One <see cref="IRequestPacer"/> per origin for a session: the API's, and each media host's.</summary>
    internal sealed class RequestPacers
    {
        private readonly ConcurrentDictionary<string, IRequestPacer> _byOrigin = new ConcurrentDictionary<string, IRequestPacer>(StringComparer.OrdinalIgnoreCase);
        private readonly PacerClock? _clock;

        public RequestPacers(PacerClock? clock = null) => _clock = clock;

        public IRequestPacer For(Uri uri) => _byOrigin.GetOrAdd(uri.GetLeftPart(UriPartial.Authority), _ => new AdaptivePacer(_clock));
    }
}
