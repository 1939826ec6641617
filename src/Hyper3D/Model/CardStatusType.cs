namespace Hyper3D.Model
{
    /// <summary>Which of the user's cards to list (the API's <c>user_type</c>).</summary>
    public enum CardStatusType
    {
        All,
        Generated,
        Liked,
        Packing,
        Packed,
    }
}
