using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Hyper3D.Model;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// The groups a session's listings have met, uuid and name, so that completing -GroupUuid needs no request.
    /// Safe to fill from the threads that parse pages.
    /// </summary>
    internal sealed class GroupDirectory
    {
        private readonly ConcurrentDictionary<string, string> _names = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public int Count => _names.Count;

        public void Remember(IEnumerable<GalleryCard> cards)
        {
            foreach (GalleryCard card in cards)
            {
                if (card.GroupInfo?.Uuid is { Length: > 0 } uuid)
                {
                    _names[uuid] = card.GroupInfo.Name ?? string.Empty;
                }
            }
        }

        /// <summary>Groups whose uuid or name starts with the text typed, by name.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Matching(string prefix)
        {
            return _names
                .Where(group => group.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || group.Value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .OrderBy(group => group.Value, StringComparer.CurrentCultureIgnoreCase)
                .ThenBy(group => group.Key, StringComparer.Ordinal)
                .ToList();
        }
    }
}
