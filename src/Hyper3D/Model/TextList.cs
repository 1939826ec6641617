using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Hyper3D.Model
{
    /// <summary>
    /// A list of strings that prints as its items joined with ", ", so Export-Csv and Format-Table show the
    /// values instead of a type name.
    /// </summary>
    public sealed class TextList : ReadOnlyCollection<string>
    {
        public static readonly TextList Empty = new TextList(new string[0]);

        internal TextList(IList<string> items)
            : base(items)
        {
        }

        public override string ToString() => string.Join(", ", this);
    }
}
