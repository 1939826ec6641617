using Hyper3D.Model;

namespace Hyper3D.Client.Listing
{
    /// <summary>One page of a listing as it arrived: its cards and the size of the body they came in.</summary>
    internal readonly struct ListedPage
    {
        /// <summary>
        /// What a parsed card costs in memory at the least (its object and a short UUID string), beyond its share
        /// of the body: on pages of tiny cards it is most of what a page holds.
        /// </summary>
        private const long ParsedCardBytes = 256;

        public ListedPage(GalleryCard[] cards, long bodyBytes)
        {
            Cards = cards;
            BodyBytes = bodyBytes;
        }

        public GalleryCard[] Cards { get; }

        public long BodyBytes { get; }

        /// <summary>What holding this page costs: its body and its parsed cards.</summary>
        public long Cost => BodyBytes + (Cards.Length * ParsedCardBytes);
    }
}
