using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Hyper3D.Client.Json;
using Hyper3D.Model;

namespace Hyper3D.Client.Api
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

        /// <summary>The JSON body of the request for one page.</summary>
        internal byte[] ToBody(int page) => JsonSerializer.SerializeToUtf8Bytes(ToRequest(page), Hyper3DJsonContext.Default.GalleryRequest);

        /// <summary>The gallery and the filters given, as a person reads them in a verbose line.</summary>
        public override string ToString()
        {
            var filters = new List<string>();
            if (Status.HasValue) filters.Add("-Status " + Status.Value);
            if (TaskType.HasValue) filters.Add("-TaskType " + TaskType.Value);
            if (Steps is { Count: > 0 }) filters.Add("-Step " + string.Join(",", Steps));
            if (GroupUuid != null) filters.Add("-GroupUuid " + GroupUuid);
            if (TagIds is { Count: > 0 }) filters.Add("-TagId " + string.Join(",", TagIds));
            if (UserOverride != null) filters.Add("-UserOverride " + UserOverride);
            if (IsHidden.HasValue) filters.Add("-IsHidden " + IsHidden.Value);
            return filters.Count == 0 ? $"-Type {Type}, no filters" : $"-Type {Type} " + string.Join(" ", filters);
        }

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
