using System.Globalization;
using System.Management.Automation;
using Hyper3D.Client;
using Hyper3D.Commands;
using Hyper3D.Model;

namespace Hyper3D.Tests;

/// <summary>What one cmdlet writes, the next takes: cards rebuilt from CSV text, and advice that names the session's server.</summary>
public sealed class RoundTripTests
{
    [Theory]
    [InlineData("https://onprem.example/api", "Connect-Hyper3D -BaseUri https://onprem.example/api")]
    [InlineData("https://hyperhuman.deemos.com/api", "Connect-Hyper3D")]
    public void Advice_to_connect_names_the_sessions_own_server(string server, string expected)
    {
        foreach (ErrorKind kind in new[] { ErrorKind.Authentication, ErrorKind.SessionClosed })
        {
            ErrorRecord record = ErrorRecordFactory.From(new Hyper3DException(kind, "x"), null, new Uri(server));
            string advice = record.ErrorDetails.RecommendedAction;
            Assert.Contains(expected, advice);
            Assert.Equal(1, advice.Split("Connect-Hyper3D").Length - 1);
            if (expected == "Connect-Hyper3D")
            {
                Assert.DoesNotContain("-BaseUri", advice);
            }
        }
    }

    [Fact]
    public void A_row_as_Export_Csv_wrote_it_reads_back_as_the_same_card_on_another_culture()
    {
        var row = new Dictionary<string, string>
        {
            ["TaskUuid"] = "t-1",
            ["Title"] = "A title",
            ["NumLike"] = "1234",
            ["IsLike"] = "True",
            ["Time"] = "2025-10-31T20:41:47.5590000+00:00",
            ["Author"] = "alice",
            ["AuthorUuid"] = "u-1",
            ["Group"] = "",
            ["GroupUuid"] = "",
            ["ImageUrl"] = "https://cdn.example/a.png",
            ["IsPrivate"] = "",
            ["PendingJobs"] = "a, b",
        };
        CultureInfo before = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            GalleryCard card = CardRow.ToCard(name => row.TryGetValue(name, out string? value) ? value : null);
            Assert.Equal("t-1", card.TaskUuid);
            Assert.Equal("A title", card.Title);
            Assert.Equal(1234, card.NumLike);
            Assert.True(card.IsLike);
            Assert.Equal(new DateTimeOffset(2025, 10, 31, 20, 41, 47, 559, TimeSpan.Zero), (DateTimeOffset)card.Time!);
            Assert.Equal("alice", card.Author);
            Assert.Equal("u-1", card.AuthorUuid);
            Assert.Null(card.GroupUuid);
            Assert.Null(card.IsPrivate);
            Assert.Equal(new[] { "a", "b" }, card.PendingJobs);
            Assert.Equal("https://cdn.example/a.png", card.ImageUrl);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
