namespace Hyper3D.Client
{
    /// <summary>
    /// Where the client reports what it does. Called from any thread; the receiver decides when and where
    /// the text is written (cmdlets write it on the pipeline thread).
    /// </summary>
    internal interface IClientLog
    {
        void Verbose(string message);

        void Warning(string message);
    }

    internal sealed class NullClientLog : IClientLog
    {
        public static readonly NullClientLog Instance = new NullClientLog();

        public void Verbose(string message)
        {
        }

        public void Warning(string message)
        {
        }
    }
}
