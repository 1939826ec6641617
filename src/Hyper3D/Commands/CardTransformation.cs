using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using Hyper3D.Model;

namespace Hyper3D.Commands
{
    /// <summary>
    /// What a parameter that takes cards binds: GalleryCard objects as they are, and any other object (the rows
    /// Import-Csv reads back from Export-Csv of cards, a Select-Object of them) as a card by property name. An object
    /// without a TaskUuid becomes a card without one, which <see cref="PipedCards"/> counts and passes over, so the
    /// cmdlet says once what it could not use instead of a binding error per row.
    /// </summary>
    internal sealed class CardTransformation : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is GalleryCard || value is GalleryCard[] || value == null)
            {
                return value;
            }

            if (value is IList list && !(value is string))
            {
                var cards = new List<GalleryCard>(list.Count);
                foreach (object? item in list)
                {
                    cards.Add(ToCard(item));
                }

                return cards.ToArray();
            }

            return ToCard(inputData);
        }

        private static GalleryCard ToCard(object? item)
        {
            if ((item is PSObject wrapped ? wrapped.BaseObject : item) is GalleryCard card)
            {
                return card;
            }

            if (item == null || item is string || (item is PSObject text && text.BaseObject is string))
            {
                return new GalleryCard();
            }

            PSObject row = PSObject.AsPSObject(item);
            return CardRow.ToCard(name => Text(row.Properties[name]?.Value));
        }

        private static string? Text(object? value) => (value is PSObject wrapped ? wrapped.BaseObject : value)?.ToString();
    }
}
