namespace Hyper3D.Model
{
    /// <summary>The kind of generation task (the API's <c>task_type</c>).</summary>
    public enum TaskType
    {
        DreamFace,
        ImagineFace,
        API,
        Panorama,
        Rodin,
        Media2Face,
    }
}
