namespace Hyper3D.Tests;

/// <summary>
/// Completes a task so that what awaits it runs now, on this thread: the test framework's synchronization context
/// would otherwise send those continuations to the thread pool, and a test could not tell when they had run.
/// </summary>
internal static class Inline
{
    public static void Run(Action complete)
    {
        SynchronizationContext? context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            complete();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}
