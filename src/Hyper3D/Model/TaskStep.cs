namespace Hyper3D.Model
{
    /// <summary>A task's step (the API's <c>task_step</c>); cards may carry steps beyond these.</summary>
    public enum TaskStep
    {
        Created,
        Preprocess,
        Generate,
        ModelGenerate,
        TextureGenerate,
        ModelRefine,
        TextureRefine,
    }
}
