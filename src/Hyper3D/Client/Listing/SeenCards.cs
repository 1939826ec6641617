using System;
using System.Collections.Generic;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// Which task UUIDs a listing has already written. The Recent feed moves while it is read, pushing cards
    /// already seen onto the next page. A UUID is the server's text, compared ordinally: "ABC…", "{abc…}" and
    /// "abc…" are three cards. Text in the canonical lower-case form is kept as a 16-byte Guid (it turns back into
    /// exactly that text), so 200,000 of them cost a few megabytes, not tens.
    /// </summary>
    internal sealed class SeenCards
    {
        private readonly HashSet<Guid> _guids = new HashSet<Guid>();
        private readonly HashSet<string> _others = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>True the first time a UUID is offered.</summary>
        public bool Add(string taskUuid)
        {
            return IsCanonical(taskUuid, out Guid guid) ? _guids.Add(guid) : _others.Add(taskUuid);
        }

        public int Count => _guids.Count + _others.Count;

        private static bool IsCanonical(string text, out Guid guid) =>
            Guid.TryParseExact(text, "D", out guid) && string.Equals(guid.ToString("D"), text, StringComparison.Ordinal);
    }
}
