namespace Hyper3D.Model
{
    /// <summary>Which gallery to list (the API's <c>type</c>).</summary>
    public enum GalleryType
    {
        Recent,
        Featured,
        Mine,
        Group,
        Story,
    }
}
