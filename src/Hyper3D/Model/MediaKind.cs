namespace Hyper3D.Model
{
    /// <summary>The files behind a card: its preview picture (ImageUrl) and its turntable video (VideoUrl).</summary>
    public enum MediaKind
    {
        Image,
        Video,
    }
}
