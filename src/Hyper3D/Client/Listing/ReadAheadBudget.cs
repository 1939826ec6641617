using System.Collections.Generic;
using System.Threading.Tasks;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// The memory the pages a listing holds may take together, whatever their number: pages answered ahead at their
    /// cost, pages in flight at the largest cost seen so far, and the page the caller is writing.
    /// </summary>
    internal sealed class ReadAheadBudget
    {
        private readonly long _limit;
        private long _largest;
        private long _handed;

        public ReadAheadBudget(long limit)
        {
            _limit = limit;
        }

        public void Answered(ListedPage page)
        {
            if (page.Cost > _largest)
            {
                _largest = page.Cost;
            }
        }

        /// <summary>What the page the caller is writing costs; 0 once it asks for the next.</summary>
        public void Handed(long cost) => _handed = cost;

        /// <summary>Whether one more request fits beside these; one request may always be in flight, or the listing could not go on.</summary>
        public bool AllowsAnother(IEnumerable<Task<ListedPage>> inFlight)
        {
            long held = _handed + _largest;
            bool any = false;
            foreach (Task<ListedPage> page in inFlight)
            {
                any = true;
                held += page.Status == TaskStatus.RanToCompletion ? page.Result.Cost : _largest;
            }

            return !any || held <= _limit;
        }
    }
}
