using System.Collections.Generic;
using System.Linq;
using Hyper3D.Client.Json;
using Hyper3D.Model;

namespace Hyper3D.Client
{
    /// <summary>The filters of one listing; the page number is added per request.</summary>
    internal sealed class GalleryQuery
    {
        public GalleryType Type { get; set; } = GalleryType.Recent;

        public CardStatusType? Status { get; set; }

        public TaskType? TaskType { get; set; }

        public IReadOnlyList<TaskStep>? Steps { get; set; }

        public string? GroupUuid { get; set; }

        public IReadOnlyList<int>? TagIds { get; set; }

        public string? UserOverride { get; set; }

        public bool? IsHidden { get; set; }

        /// <summary>Mine, Group and the per-user statuses answer only a signed-in user.</summary>
        public bool NeedsLogin => Type == GalleryType.Mine || Type == GalleryType.Group || (Status.HasValue && Status.Value != CardStatusType.All);

        internal GalleryRequest ToRequest(int page)
        {
            return new GalleryRequest
            {
                PageNum = page,
                Type = Type.ToString(),
                UserType = Status?.ToString(),
                TaskType = TaskType?.ToString(),
                TaskStep = Steps is { Count: > 0 } ? Steps.Select(s => s.ToString()).ToArray() : null,
                GroupUuid = GroupUuid,
                TagIds = TagIds is { Count: > 0 } ? TagIds.ToArray() : null,
                UserOverride = UserOverride,
                IsHidden = IsHidden,
            };
        }
    }
}
