using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using Hyper3D.Client;

namespace Hyper3D.Commands
{
    /// <summary>
    /// Completes -GroupUuid from the groups the session's listings have met (the -Session given, else the current
    /// one): by uuid or by name, the name shown beside the uuid and as the tooltip. It sends no request, so Tab
    /// never waits on the network.
    /// </summary>
    internal sealed class GroupUuidCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(
            string commandName,
            string parameterName,
            string wordToComplete,
            CommandAst commandAst,
            IDictionary fakeBoundParameters)
        {
            Hyper3DSession? session = fakeBoundParameters["Session"] is object given
                ? (given is PSObject wrapped ? wrapped.BaseObject : given) as Hyper3DSession
                : SessionStore.Get();
            if (session == null)
            {
                return Enumerable.Empty<CompletionResult>();
            }

            string typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return session.Groups.Matching(typed).Select(group => new CompletionResult(
                group.Key,
                group.Value.Length > 0 ? $"{group.Key} ({group.Value})" : group.Key,
                CompletionResultType.ParameterValue,
                group.Value.Length > 0 ? group.Value : group.Key));
        }
    }
}
