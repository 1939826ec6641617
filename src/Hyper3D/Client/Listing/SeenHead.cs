using System;
using System.Collections.Generic;
using Hyper3D.Model;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// What a watch remembers: the cards at the head of the listing it has met, in listing order, no more than a
    /// poll can meet again (a few pages, or the last poll's burst if larger), so memory stays flat over days.
    /// </summary>
    /// <remarks>
    /// New cards enter at the head, so a poll that stops at the first page holding no new card never needs what lies
    /// further down. Cards can also rise (when cards above them are deleted or hidden): in a listing that is
    /// newest first new cards are later than every card met, so a card no later than the oldest one remembered (or
    /// than -Since) is old, whether remembered or not.
    /// </remarks>
    internal sealed class SeenHead
    {
        private const int MinimumKept = 100;
        private const int PagesKept = 4;

        private readonly bool _newestFirst;
        private readonly bool _hasSince;
        private readonly HashSet<string> _uuids = new HashSet<string>(StringComparer.Ordinal);
        private List<(string Uuid, DateTimeOffset? Time)> _head = new List<(string, DateTimeOffset?)>();
        private DateTimeOffset? _floor;

        public SeenHead(bool newestFirst, DateTimeOffset? since)
        {
            _newestFirst = newestFirst;
            _hasSince = since.HasValue;
            _floor = since;
        }

        /// <summary>The largest page met so far.</summary>
        public int PageSize { get; set; }

        /// <summary>How many cards are remembered.</summary>
        public int Count => _head.Count;

        public bool IsNew(GalleryCard card)
        {
            if (_uuids.Contains(card.TaskUuid))
            {
                return false;
            }

            if (card.Instant is DateTimeOffset time)
            {
                return !(_floor is DateTimeOffset floor && time <= floor);
            }

            return !_hasSince;
        }

        /// <summary>The cards one poll met, in listing order: they are now the head; what they pushed down follows.</summary>
        public void Prepend(IReadOnlyList<GalleryCard> met)
        {
            var head = new List<(string, DateTimeOffset?)>(met.Count + _head.Count);
            var metUuids = new HashSet<string>(StringComparer.Ordinal);
            foreach (GalleryCard card in met)
            {
                if (metUuids.Add(card.TaskUuid))
                {
                    head.Add((card.TaskUuid, card.Instant));
                }
            }

            foreach ((string uuid, DateTimeOffset? time) in _head)
            {
                if (!metUuids.Contains(uuid))
                {
                    head.Add((uuid, time));
                }
            }

            Replace(head, Math.Max(met.Count, Capacity));
        }

        /// <summary>Cards a listing wrote, in its order, after those already remembered.</summary>
        public void Append(IReadOnlyList<GalleryCard> listed)
        {
            var head = new List<(string, DateTimeOffset?)>(_head);
            foreach (GalleryCard card in listed)
            {
                if (!_uuids.Contains(card.TaskUuid))
                {
                    head.Add((card.TaskUuid, card.Instant));
                }
            }

            Replace(head, Capacity);
        }

        private int Capacity => Math.Max(MinimumKept, PagesKept * PageSize);

        private void Replace(List<(string Uuid, DateTimeOffset? Time)> head, int keep)
        {
            if (head.Count > keep)
            {
                head.RemoveRange(keep, head.Count - keep);
            }

            _head = head;
            _uuids.Clear();
            DateTimeOffset? oldest = null;
            foreach ((string uuid, DateTimeOffset? time) in head)
            {
                _uuids.Add(uuid);
                if (time is DateTimeOffset remembered && !(oldest <= remembered))
                {
                    oldest = remembered;
                }
            }

            if (_newestFirst && oldest is DateTimeOffset raised && !(_floor >= raised))
            {
                _floor = raised;
            }
        }
    }
}
