using System;
using System.Globalization;

namespace Hyper3D.Model
{
    /// <summary>
    /// An instant, as a card's time. Printed with no format (Export-Csv, "$time", ConvertTo-Csv) it is ISO 8601 in
    /// UTC with its offset, e.g. <c>2025-10-31T20:41:47.5590000+00:00</c>: the same text on every culture and time
    /// zone, which <c>[datetimeoffset]</c> reads back to the same instant. Everything else treats it as the local
    /// time, like Get-Date: it compares and sorts with [datetime] and [datetimeoffset] values, converts to both,
    /// and <c>ToString('yyyy-MM-dd')</c> formats the local time.
    /// </summary>
    public sealed class Timestamp : IComparable, IComparable<Timestamp>, IEquatable<Timestamp>, IFormattable
    {
        private const string RoundTrip = "o";

        private readonly DateTimeOffset _instant;

        public Timestamp(DateTimeOffset instant)
        {
            _instant = instant.ToUniversalTime();
        }

        /// <summary>A <see cref="DateTime"/> of kind Unspecified is read as local time, as PowerShell does.</summary>
        public Timestamp(DateTime time)
            : this(new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Local) : time))
        {
        }

        /// <summary>The local time, the kind Get-Date returns.</summary>
        public DateTime LocalDateTime => _instant.LocalDateTime;

        public DateTime UtcDateTime => _instant.UtcDateTime;

        public static implicit operator DateTimeOffset(Timestamp time) => time._instant;

        public static implicit operator DateTime(Timestamp time) => time.LocalDateTime;

        public static implicit operator Timestamp(DateTimeOffset instant) => new Timestamp(instant);

        public static implicit operator Timestamp(DateTime time) => new Timestamp(time);

        public static bool operator ==(Timestamp? left, Timestamp? right) => left is null ? right is null : left.Equals(right);

        public static bool operator !=(Timestamp? left, Timestamp? right) => !(left == right);

        public static bool operator <(Timestamp left, Timestamp right) => left.CompareTo(right) < 0;

        public static bool operator >(Timestamp left, Timestamp right) => left.CompareTo(right) > 0;

        public static bool operator <=(Timestamp left, Timestamp right) => left.CompareTo(right) <= 0;

        public static bool operator >=(Timestamp left, Timestamp right) => left.CompareTo(right) >= 0;

        /// <summary>Reads ISO 8601 (what Export-Csv wrote) or any invariant date text; no offset means local time.</summary>
        public static Timestamp Parse(string text) =>
            new Timestamp(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal));

        public int CompareTo(Timestamp? other) => other is null ? 1 : _instant.CompareTo(other._instant);

        /// <summary>Compares with another timestamp, a [datetimeoffset] or a [datetime] (local when unspecified).</summary>
        public int CompareTo(object? obj)
        {
            if (obj is null)
            {
                return 1;
            }

            return InstantOf(obj) is DateTimeOffset instant
                ? _instant.CompareTo(instant)
                : throw new ArgumentException($"Cannot compare a time with {obj.GetType().Name}.", nameof(obj));
        }

        public bool Equals(Timestamp? other) => other is not null && _instant.Equals(other._instant);

        public override bool Equals(object? obj) => InstantOf(obj) is DateTimeOffset instant && _instant.Equals(instant);

        public override int GetHashCode() => _instant.GetHashCode();

        /// <summary>ISO 8601 in UTC with its offset: <c>2025-10-31T20:41:47.5590000+00:00</c>.</summary>
        public override string ToString() => _instant.ToString(RoundTrip, CultureInfo.InvariantCulture);

        /// <summary>The local time in a .NET date format, as <c>(Get-Date).ToString(format)</c> would print it.</summary>
        public string ToString(string? format) => ToString(format, null);

        /// <summary>
        /// Without a format, the ISO 8601 text of <see cref="ToString()"/> whatever the culture (Export-Csv passes
        /// the current one); with a format, the local time.
        /// </summary>
        public string ToString(string? format, IFormatProvider? formatProvider) =>
            string.IsNullOrEmpty(format) ? ToString() : _instant.ToLocalTime().ToString(format, formatProvider);

        /// <summary>The instant a timestamp, [datetimeoffset] or [datetime] stands for; null for anything else.</summary>
        private static DateTimeOffset? InstantOf(object? obj)
        {
            switch (obj)
            {
                case Timestamp other:
                    return other._instant;
                case DateTimeOffset instant:
                    return instant;
                case DateTime time:
                    return new Timestamp(time)._instant;
                default:
                    return null;
            }
        }
    }
}
