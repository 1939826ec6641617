using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using Hyper3D.Client;

namespace Hyper3D.Commands
{
    /// <summary>
    /// The implicit current session, one per runspace: parallel runspaces (ForEach-Object -Parallel, jobs)
    /// share this assembly but must not share, or overwrite, each other's sessions.
    /// </summary>
    internal static class SessionStore
    {
        private sealed class Holder
        {
            public Hyper3DSession? Session;
        }

        private static readonly ConditionalWeakTable<object, Holder> PerRunspace = new ConditionalWeakTable<object, Holder>();
        private static readonly object NoRunspace = new object();

        private static Holder Current => PerRunspace.GetValue(Runspace.DefaultRunspace ?? NoRunspace, _ => new Holder());

        public static Hyper3DSession? Get() => Current.Session;

        public static void Set(Hyper3DSession? session) => Current.Session = session;
    }
}
