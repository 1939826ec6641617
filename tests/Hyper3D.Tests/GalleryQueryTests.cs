using System.Text;
using System.Text.Json;
using Hyper3D.Client;
using Hyper3D.Client.Api;
using Hyper3D.Model;

namespace Hyper3D.Tests;

public class GalleryQueryTests
{
    private static string Body(GalleryQuery query, int page = 0) =>
        Encoding.UTF8.GetString(query.ToBody(page));

    [Fact]
    public void Sends_only_page_and_type_when_no_filter_is_given()
    {
        Assert.Equal("{\"page_num\":3,\"type\":\"Featured\"}", Body(new GalleryQuery { Type = GalleryType.Featured }, 3));
    }

    [Fact]
    public void Sends_every_filter_under_its_api_name()
    {
        var query = new GalleryQuery
        {
            Type = GalleryType.Group,
            Status = CardStatusType.Liked,
            TaskType = TaskType.Rodin,
            Steps = new[] { TaskStep.ModelRefine, TaskStep.TextureRefine },
            GroupUuid = "g-1",
            TagIds = new[] { 1, 2 },
            UserOverride = "someone",
            IsHidden = false,
        };

        using JsonDocument json = JsonDocument.Parse(Body(query));
        JsonElement root = json.RootElement;
        Assert.Equal("Group", root.GetProperty("type").GetString());
        Assert.Equal("Liked", root.GetProperty("user_type").GetString());
        Assert.Equal("Rodin", root.GetProperty("task_type").GetString());
        Assert.Equal(new[] { "ModelRefine", "TextureRefine" }, root.GetProperty("task_step").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("g-1", root.GetProperty("group_uuid").GetString());
        Assert.Equal(new[] { 1, 2 }, root.GetProperty("tag_ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("someone", root.GetProperty("user_override").GetString());
        Assert.False(root.GetProperty("is_hidden").GetBoolean());
    }

    [Fact]
    public void Leaves_out_empty_lists()
    {
        var query = new GalleryQuery { Steps = Array.Empty<TaskStep>(), TagIds = Array.Empty<int>() };
        Assert.Equal("{\"page_num\":0,\"type\":\"Recent\"}", Body(query));
    }

    [Theory]
    [InlineData(GalleryType.Mine, null, true)]
    [InlineData(GalleryType.Group, null, true)]
    [InlineData(GalleryType.Recent, null, false)]
    [InlineData(GalleryType.Featured, CardStatusType.All, false)]
    [InlineData(GalleryType.Featured, CardStatusType.Liked, true)]
    public void Knows_which_listings_need_a_login(GalleryType type, CardStatusType? status, bool needsLogin)
    {
        Assert.Equal(needsLogin, new GalleryQuery { Type = type, Status = status }.NeedsLogin);
    }
}
