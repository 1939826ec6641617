using System;
using System.Globalization;
using Hyper3D.Model;

namespace Hyper3D.Commands
{
    /// <summary>
    /// A card rebuilt from its properties as text, the way Export-Csv wrote them: numbers and times are read
    /// culture-invariantly (Time is ISO 8601 with its offset), so a file written on one machine reads back the same on
    /// any culture and time zone. A value that does not read is left out rather than guessed.
    /// </summary>
    internal static class CardRow
    {
        public static GalleryCard ToCard(Func<string, string?> property)
        {
            string? Text(string name) => property(name) is { Length: > 0 } text ? text : null;

            return new GalleryCard
            {
                TaskUuid = Text("TaskUuid") ?? string.Empty,
                Title = Text("Title"),
                Type = Text("Type"),
                Step = Text("Step"),
                NumLike = int.TryParse(Text("NumLike"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int likes) ? likes : 0,
                IsLike = Flag(Text("IsLike")) ?? false,
                Time = Time(Text("Time")),
                Prompt = Text("Prompt"),
                Style = Text("Style"),
                ImageUrl = Text("ImageUrl"),
                VideoUrl = Text("VideoUrl"),
                IsPrivate = Flag(Text("IsPrivate")),
                IsHidden = Flag(Text("IsHidden")),
                UserState = Text("UserState"),
                Licensed = Flag(Text("Licensed")),
                IsGenme = Flag(Text("IsGenme")),
                AllowPreview = Flag(Text("AllowPreview")),
                PendingJobs = Text("PendingJobs") is string jobs ? new TextList(jobs.Split(new[] { ", " }, StringSplitOptions.RemoveEmptyEntries)) : TextList.Empty,
                AuthorInfo = Text("Author") == null && Text("AuthorUuid") == null && Text("AuthorEmail") == null
                    ? null
                    : new GalleryUser { Username = Text("Author"), UserUuid = Text("AuthorUuid"), Email = Text("AuthorEmail") },
                GroupInfo = Text("Group") == null && Text("GroupUuid") == null
                    ? null
                    : new GalleryGroup { Name = Text("Group"), Uuid = Text("GroupUuid") },
            };
        }

        private static bool? Flag(string? text) => bool.TryParse(text, out bool flag) ? flag : (bool?)null;

        private static Timestamp? Time(string? text) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out DateTimeOffset instant) ? new Timestamp(instant) : null;
    }
}
