using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hyper3D.Client.Media
{
    /// <summary>What the last download of one file saw; enough to ask the server "changed since?" or to resume.</summary>
    internal sealed class MediaIndexEntry
    {
        [JsonPropertyName("file")]
        public string File { get; set; } = string.Empty;

        [JsonPropertyName("url")]
        public string? Url { get; set; }

        [JsonPropertyName("etag")]
        public string? ETag { get; set; }

        [JsonPropertyName("last_modified")]
        public string? LastModified { get; set; }

        [JsonPropertyName("length")]
        public long? Length { get; set; }

        /// <summary>False while the bytes are in the partial file: the validators then describe those bytes.</summary>
        [JsonPropertyName("complete")]
        public bool Complete { get; set; }

        /// <summary>Fields a newer module wrote: kept as they were, so an older run does not erase them.</summary>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    internal sealed class MediaIndexDocument
    {
        public const int CurrentVersion = 1;

        [JsonPropertyName("version")]
        public int Version { get; set; } = CurrentVersion;

        [JsonPropertyName("files")]
        public Dictionary<string, MediaIndexEntry?> Files { get; set; } = new Dictionary<string, MediaIndexEntry?>(StringComparer.Ordinal);

        /// <inheritdoc cref="MediaIndexEntry.Unknown"/>
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Unknown { get; set; }
    }

    [JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(MediaIndexDocument))]
    internal sealed partial class MediaIndexJsonContext : JsonSerializerContext
    {
    }

    /// <summary>
    /// The archive's one hidden file, keyed by file name without extension. Saved by writing a temporary file
    /// and renaming it over the old one, so a kill leaves the old index or the new one, never half of either.
    /// Losing it costs little: a complete file's own time still makes the next request conditional.
    /// </summary>
    internal sealed class MediaIndex
    {
        private static readonly TimeSpan SaveInterval = TimeSpan.FromMilliseconds(500);

        private readonly object _lock = new object();
        private readonly string _path;
        private readonly MediaIndexDocument _document;
        private DateTime _lastSave = DateTime.MinValue;
        private bool _dirty;
        private int _savedComplete;

        // Entries of a newer index this version cannot use: ignored, but saved back as they were.
        private readonly HashSet<string> _ignored;

        private MediaIndex(string path, MediaIndexDocument document, HashSet<string> ignored)
        {
            _path = path;
            _document = document;
            _ignored = ignored;
        }

        /// <summary>
        /// Reads the folder's index. An unreadable one, or one that is a link, is replaced; an entry that is not
        /// valid counts as missing; the warning says what was set aside.
        /// </summary>
        public static MediaIndex Load(string folder, out string? warning)
        {
            warning = null;
            string path = MediaFileNames.Inside(folder, MediaFileNames.IndexFileName);
            MediaIndexDocument? document = null;
            if (MediaFiles.IsLink(path))
            {
                warning = $"The archive index {path} is a link; it is not followed, and a new index replaces the link.";
            }
            else if (File.Exists(path))
            {
                try
                {
                    document = JsonSerializer.Deserialize(WithoutByteOrderMark(File.ReadAllBytes(path)), MediaIndexJsonContext.Default.MediaIndexDocument);
                }
                catch (JsonException e)
                {
                    warning = $"The archive index {path} could not be read ({e.Message}); it is rebuilt, and files already saved are checked by their times.";
                }
            }

            if (document?.Files == null)
            {
                document = new MediaIndexDocument();
            }

            var ignored = new HashSet<string>(StringComparer.Ordinal);
            warning = Combine(warning, SetAsideInvalid(document, ignored, path));

            // A run killed while saving leaves its temporary copy behind; the folder holds only media and the index.
            foreach (string stale in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, MediaFileNames.IndexFileName + ".*.tmp"))
            {
                File.Delete(stale);
            }

            var index = new MediaIndex(path, document, ignored);
            index._savedComplete = index.CompleteCount;
            return index;
        }

        /// <summary>Entries known complete, in memory (what the index would list if it were saved now).</summary>
        public int CompleteCount
        {
            get
            {
                lock (_lock)
                {
                    return CountComplete();
                }
            }
        }

        /// <summary>Entries known complete in the copy on disk, as of the last save that succeeded.</summary>
        public int SavedCompleteCount
        {
            get
            {
                lock (_lock)
                {
                    return _savedComplete;
                }
            }
        }

        /// <summary>
        /// Removes the entries that fail validation (their cards count as missing) and says so; in an index a newer
        /// module wrote they are only ignored, into <paramref name="ignored"/>, and kept for that module.
        /// </summary>
        private static string? SetAsideInvalid(MediaIndexDocument document, HashSet<string> ignored, string path)
        {
            bool newer = document.Version > MediaIndexDocument.CurrentVersion;
            var invalid = new List<string>();
            foreach (KeyValuePair<string, MediaIndexEntry?> pair in document.Files)
            {
                if (!MediaEntryValidation.IsValid(pair.Key, pair.Value))
                {
                    invalid.Add(pair.Key);
                }
            }

            foreach (string key in invalid)
            {
                if (newer)
                {
                    ignored.Add(key);
                }
                else
                {
                    document.Files.Remove(key);
                }
            }

            string? warning = invalid.Count == 0 ? null
                : $"{invalid.Count} entr{(invalid.Count == 1 ? "y" : "ies")} of the archive index {path} did not name a file this archive writes ({string.Join(", ", invalid.Take(3).Select(k => "'" + PrintableText.Cut(PrintableText.WithoutControls(k), 60) + "'"))}{(invalid.Count > 3 ? ", ..." : string.Empty)}); they are ignored, their files are left alone, and their cards are fetched as if new.";
            if (newer)
            {
                warning = Combine(warning, $"The archive index {path} was written by a newer version of the module (index version {document.Version}); this run keeps the fields and entries it does not know.");
            }

            return warning;
        }

        /// <summary>An index edited by hand may come back from an editor with a UTF-8 byte order mark.</summary>
        private static ReadOnlySpan<byte> WithoutByteOrderMark(byte[] bytes) =>
            bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? bytes.AsSpan(3) : bytes;

        private static string? Combine(string? first, string? second) =>
            first == null ? second : second == null ? first : first + " " + second;

        public MediaIndexEntry? Get(string key)
        {
            lock (_lock)
            {
                return !_ignored.Contains(key) && _document.Files.TryGetValue(key, out MediaIndexEntry? entry) && entry != null ? Copy(entry) : null;
            }
        }

        public void Set(string key, MediaIndexEntry entry)
        {
            lock (_lock)
            {
                if (_ignored.Remove(key) || !(_document.Files.TryGetValue(key, out MediaIndexEntry? old) && old != null && Same(old, entry)))
                {
                    _document.Files[key] = Copy(entry);
                    _dirty = true;
                }
            }
        }

        /// <summary>
        /// Saves when something changed and the last save is older than half a second. A failure is not thrown:
        /// the file being saved is fine, only the index is behind, and the final <see cref="Save"/> reports it.
        /// </summary>
        public void SaveIfDue()
        {
            lock (_lock)
            {
                if (DateTime.UtcNow - _lastSave >= SaveInterval)
                {
                    try
                    {
                        SaveLocked();
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                        _lastSave = DateTime.UtcNow;
                    }
                }
            }
        }

        /// <summary>Saves what changed; throws what the disk said when it cannot.</summary>
        public void Save()
        {
            lock (_lock)
            {
                SaveLocked();
            }
        }

        private void SaveLocked()
        {
            if (!_dirty)
            {
                return;
            }

            string temporary = _path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                MediaFiles.WriteNew(temporary, JsonSerializer.SerializeToUtf8Bytes(_document, MediaIndexJsonContext.Default.MediaIndexDocument));
                MediaFiles.Replace(temporary, _path);
            }
            catch
            {
                // A full disk leaves a short copy behind; it must not linger beside the media.
                MediaFiles.DeleteQuietly(temporary);
                throw;
            }

            _dirty = false;
            _savedComplete = CountComplete();
            _lastSave = DateTime.UtcNow;
        }

        private int CountComplete() => _document.Files.Count(pair => !_ignored.Contains(pair.Key) && pair.Value!.Complete);

        private static MediaIndexEntry Copy(MediaIndexEntry e) => new MediaIndexEntry
        {
            File = e.File,
            Url = e.Url,
            ETag = e.ETag,
            LastModified = e.LastModified,
            Length = e.Length,
            Complete = e.Complete,
            Unknown = e.Unknown,
        };

        private static bool Same(MediaIndexEntry a, MediaIndexEntry b) =>
            a.File == b.File && a.Url == b.Url && a.ETag == b.ETag && a.LastModified == b.LastModified && a.Length == b.Length && a.Complete == b.Complete;
    }
}
