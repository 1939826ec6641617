using System.Collections.Generic;
using Hyper3D.Model;

namespace Hyper3D.Client.Listing
{
    /// <summary>-Skip, then -First, over cards as they arrive, however many pages they span.</summary>
    internal sealed class PagingWindow
    {
        private readonly ulong _skip;
        private readonly ulong _first;
        private ulong _skipped;
        private ulong _taken;

        public PagingWindow(ulong skip, ulong first)
        {
            _skip = skip;
            _first = first;
        }

        /// <summary>-First cards have been taken; without -First (ulong.MaxValue) never.</summary>
        public bool Full => _taken >= _first;

        /// <summary>Whether this card is to be written: past the skipped ones and within -First.</summary>
        public bool Admit()
        {
            if (_skipped < _skip)
            {
                _skipped++;
                return false;
            }

            if (Full)
            {
                return false;
            }

            _taken++;
            return true;
        }

        /// <summary>The cards to write, as the caller takes them: none once -First cards have been taken.</summary>
        public IEnumerable<GalleryCard> Admitted(IEnumerable<GalleryCard> cards)
        {
            foreach (GalleryCard card in cards)
            {
                if (Full)
                {
                    yield break;
                }

                if (Admit())
                {
                    yield return card;
                }
            }
        }

        /// <summary>The last page -Skip and -First can need, counted from <paramref name="firstPage"/>; int.MaxValue when unbounded.</summary>
        public int LastPageNeeded(int firstPage, int pageSize)
        {
            // Without -First (ulong.MaxValue), or so many that the sum below would overflow: no bound.
            ulong room = ulong.MaxValue - (ulong)pageSize;
            if (_first >= room || _skip >= room - _first)
            {
                return int.MaxValue;
            }

            ulong pages = (_skip + _first + (ulong)pageSize - 1) / (ulong)pageSize;
            ulong last = (ulong)firstPage + pages - 1;
            return last >= int.MaxValue ? int.MaxValue : (int)last;
        }
    }
}
