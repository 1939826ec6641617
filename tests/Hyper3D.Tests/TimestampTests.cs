using System;
using System.Globalization;
using Hyper3D.Model;
using Xunit;

namespace Hyper3D.Tests;

public class TimestampTests
{
    private static readonly DateTimeOffset Instant = new DateTimeOffset(2025, 10, 31, 20, 41, 47, 559, TimeSpan.Zero);

    [Fact]
    public void Prints_ISO_8601_in_UTC_whatever_the_culture_and_the_offset_it_was_made_with()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var time = new Timestamp(Instant.ToOffset(TimeSpan.FromHours(14)));
            Assert.Equal("2025-10-31T20:41:47.5590000+00:00", time.ToString());
            Assert.Equal("2025-10-31T20:41:47.5590000+00:00", time.ToString(null, CultureInfo.CurrentCulture));
            Assert.Equal("2025-10-31T20:41:47.5590000+00:00", string.Format(CultureInfo.CurrentCulture, "{0}", time));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Compares_and_equals_as_the_same_instant_in_any_form()
    {
        var time = new Timestamp(Instant);
        Assert.Equal(0, time.CompareTo(Instant.ToOffset(TimeSpan.FromHours(-8))));
        Assert.Equal(0, time.CompareTo(Instant.UtcDateTime));
        Assert.Equal(0, time.CompareTo(Instant.LocalDateTime));
        Assert.True(time.CompareTo(Instant.AddTicks(1).UtcDateTime) < 0);
        Assert.True(time.Equals((object)Instant));
        Assert.Equal(Instant, (DateTimeOffset)time);
        Assert.Equal(Instant.LocalDateTime, (DateTime)time);
        Assert.Equal(DateTimeKind.Local, ((DateTime)time).Kind);
        Assert.Equal(time, Timestamp.Parse(time.ToString()));
    }

    [Fact]
    public void A_format_prints_the_local_time()
    {
        var time = new Timestamp(Instant);
        Assert.Equal(Instant.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
    }
}
