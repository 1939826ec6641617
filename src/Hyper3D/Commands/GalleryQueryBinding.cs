using System;
using System.Management.Automation;
using Hyper3D.Client.Api;
using Hyper3D.Model;

namespace Hyper3D.Commands
{
    /// <summary>
    /// The query Get-Hyper3DGalleryCard's parameters ask for: -GroupUuid lists a group (-Type Group), and a filter not
    /// given is not sent. Parameters that contradict each other, or a gallery the session may not read, are refused
    /// before any request.
    /// </summary>
    internal static class GalleryQueryBinding
    {
        public static GalleryQuery Bind(GetHyper3DGalleryCardCommand command, Hyper3DSession session)
        {
            Func<string, bool> bound = command.MyInvocation.BoundParameters.ContainsKey;
            var query = new GalleryQuery
            {
                Type = TypeOf(command, bound(nameof(command.Type))),
                Status = bound(nameof(command.Status)) ? command.Status : (CardStatusType?)null,
                TaskType = bound(nameof(command.TaskType)) ? command.TaskType : (TaskType?)null,
                Steps = command.Step,
                GroupUuid = command.GroupUuid,
                TagIds = command.TagId,
                UserOverride = command.UserOverride,
                IsHidden = bound(nameof(command.IsHidden)) ? command.IsHidden : (bool?)null,
            };
            RefuseWithoutLogin(command, session, query);
            return query;
        }

        private static GalleryType TypeOf(GetHyper3DGalleryCardCommand command, bool typeGiven)
        {
            GalleryType type = command.Type;
            string? groupUuid = command.GroupUuid;
            if (!string.IsNullOrEmpty(groupUuid))
            {
                if (typeGiven && type != GalleryType.Group)
                {
                    command.ThrowTerminatingError(ErrorRecordFactory.Create(
                        "GroupUuidWithOtherType",
                        ErrorCategory.InvalidArgument,
                        $"-GroupUuid lists one group's cards (-Type Group), so it cannot filter -Type {type}: the server would ignore it and list {type} unfiltered.",
                        $"Leave out -Type (or pass -Type Group) to list the group, or leave out -GroupUuid to list {type}.",
                        groupUuid));
                }

                return GalleryType.Group;
            }

            if (type == GalleryType.Group)
            {
                command.ThrowTerminatingError(ErrorRecordFactory.Create(
                    "GroupUuidRequired",
                    ErrorCategory.InvalidArgument,
                    "-Type Group lists one group's cards, and no -GroupUuid was given.",
                    "Pass -GroupUuid (or pipe objects with a GroupUuid or Uuid property).",
                    type));
            }

            return type;
        }

        private static void RefuseWithoutLogin(Cmdlet command, Hyper3DSession session, GalleryQuery query)
        {
            if (query.NeedsLogin && !session.IsAuthenticated)
            {
                string what = query.Type == GalleryType.Mine || query.Type == GalleryType.Group
                    ? $"-Type {query.Type}"
                    : $"-Status {query.Status}";
                command.ThrowTerminatingError(ErrorRecordFactory.Create(
                    "LoginRequired",
                    ErrorCategory.AuthenticationError,
                    $"{what} lists a signed-in user's cards, and the session to {session.BaseUri} is anonymous.",
                    $"Run {ErrorRecordFactory.ConnectCommand(session.BaseUri)} -Credential (Get-Credential) (or -Token) first.",
                    query.Type));
            }
        }
    }
}
