using System.Text.Json;

namespace Hyper3D.Emulator;

internal enum GalleryType { Recent, Featured, Mine, Group, Story }

internal enum CardStatusType { All, Generated, Liked, Packing, Packed }

/// <summary>A validated <c>POST /api/task/cards</c> body.</summary>
internal sealed class CardQuery
{
    public int PageNum { get; private init; }
    public GalleryType Type { get; private init; }
    public CardStatusType UserType { get; private init; }
    public int TaskType { get; private init; } = -1;

    /// <summary>Bit i set = TaskStep i accepted; 0 = no step filter.</summary>
    public int StepMask { get; private init; }

    public string? GroupUuid { get; private init; }

    /// <summary>Bits 0..7 = tag ids 1..8; only meaningful when <see cref="HasTagFilter"/>.</summary>
    public int TagMask { get; private init; }

    public bool HasTagFilter { get; private init; }
    public string? UserOverride { get; private init; }
    public bool? IsHidden { get; private init; }

    /// <summary>True when the answer is a plain slice of a precomputed list.</summary>
    public bool IsUnfiltered =>
        UserType == CardStatusType.All && TaskType < 0 && StepMask == 0 && !HasTagFilter && IsHidden is null;

    /// <summary>Strict on purpose: the emulator should catch a client that sends the wrong shape.
    /// Optional fields that are JSON null count as absent.</summary>
    public static CardQuery? TryParse(ReadOnlySpan<byte> body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (!root.TryGetProperty("page_num", out var pageEl) || pageEl.ValueKind != JsonValueKind.Number
                || !pageEl.TryGetInt32(out int page) || page < 0)
            {
                return null;
            }

            if (!root.TryGetProperty("type", out var typeEl) || !TryEnum(typeEl, out GalleryType type))
            {
                return null;
            }

            var userType = CardStatusType.All;
            if (Present(root, "user_type", out var utEl) && !TryEnum(utEl, out userType))
            {
                return null;
            }

            int taskType = -1;
            if (Present(root, "task_type", out var ttEl))
            {
                taskType = ttEl.ValueKind == JsonValueKind.String ? Array.IndexOf(SeedData.TaskTypes, ttEl.GetString()) : -1;
                if (taskType < 0)
                {
                    return null;
                }
            }

            int stepMask = 0;
            if (Present(root, "task_step", out var stEl))
            {
                if (stEl.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                foreach (var s in stEl.EnumerateArray())
                {
                    int i = s.ValueKind == JsonValueKind.String ? Array.IndexOf(SeedData.TaskSteps, s.GetString()) : -1;
                    if (i < 0)
                    {
                        return null;
                    }

                    stepMask |= 1 << i;
                }
            }

            string? groupUuid = null;
            if (Present(root, "group_uuid", out var gEl))
            {
                if (gEl.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                groupUuid = gEl.GetString();
            }

            int tagMask = 0;
            bool hasTags = false;
            if (Present(root, "tag_ids", out var tagEl))
            {
                if (tagEl.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                foreach (var t in tagEl.EnumerateArray())
                {
                    if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out int id))
                    {
                        return null;
                    }

                    hasTags = true;
                    if (id >= 1 && id <= SeedData.TagCount)
                    {
                        tagMask |= 1 << (id - 1);
                    }
                }
            }

            string? userOverride = null;
            if (Present(root, "user_override", out var uoEl))
            {
                if (uoEl.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                userOverride = uoEl.GetString();
            }

            bool? isHidden = null;
            if (Present(root, "is_hidden", out var hEl))
            {
                if (hEl.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return null;
                }

                isHidden = hEl.GetBoolean();
            }

            return new CardQuery
            {
                PageNum = page,
                Type = type,
                UserType = userType,
                TaskType = taskType,
                StepMask = stepMask,
                GroupUuid = groupUuid,
                TagMask = tagMask,
                HasTagFilter = hasTags,
                UserOverride = userOverride,
                IsHidden = isHidden,
            };
        }
    }

    private static bool Present(JsonElement root, string name, out JsonElement value) =>
        root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static bool TryEnum<T>(JsonElement el, out T value)
        where T : struct, Enum
    {
        value = default;
        // Enum.TryParse would accept numbers and other casings; the server's enums are exact strings.
        return el.ValueKind == JsonValueKind.String
            && Enum.GetNames<T>().Contains(el.GetString(), StringComparer.Ordinal)
            && Enum.TryParse(el.GetString(), false, out value);
    }
}
