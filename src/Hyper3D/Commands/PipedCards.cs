using System.Management.Automation;
using Hyper3D.Model;

namespace Hyper3D.Commands
{
    /// <summary>
    /// Counts what a cmdlet that takes cards was given: objects that are not cards (no TaskUuid) are passed over, said
    /// once at the end; when nothing given was a card, the cmdlet ends with one error before it writes any file.
    /// </summary>
    internal sealed class PipedCards
    {
        private readonly string _outcome;
        private int _cards;
        private int _notCards;

        /// <param name="outcome">What the error says became of the file the cmdlet writes ("the report was not written").</param>
        public PipedCards(string outcome)
        {
            _outcome = outcome;
        }

        /// <returns>True for a card to use; false for an object without a TaskUuid, counted and passed over.</returns>
        public bool Admit(GalleryCard card)
        {
            if (string.IsNullOrEmpty(card.TaskUuid))
            {
                _notCards++;
                return false;
            }

            _cards++;
            return true;
        }

        /// <summary>A terminating error when objects came and none was a card; a warning when some were not.</summary>
        public void Finish(PSCmdlet cmdlet)
        {
            if (_notCards == 0)
            {
                return;
            }

            if (_cards == 0)
            {
                cmdlet.ThrowTerminatingError(ErrorRecordFactory.Create(
                    "NoCardsInInput",
                    ErrorCategory.InvalidData,
                    $"None of the {_notCards} objects given is a card (none has a TaskUuid), so {_outcome}.",
                    "Pipe the cards Get-Hyper3DGalleryCard writes, or the rows Import-Csv reads back from Export-Csv of them (with their TaskUuid column).",
                    null));
            }

            cmdlet.WriteWarning($"{_notCards} of the {_notCards + _cards} objects given had no TaskUuid and were passed over (they are not cards).");
        }
    }
}
