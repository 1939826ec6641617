using System;
using System.Collections.Generic;
using System.IO;
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
    }

    internal sealed class MediaIndexDocument
    {
        [JsonPropertyName("version")]
        public int Version { get; set; } = 1;

        [JsonPropertyName("files")]
        public Dictionary<string, MediaIndexEntry> Files { get; set; } = new Dictionary<string, MediaIndexEntry>(StringComparer.Ordinal);
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

        private MediaIndex(string path, MediaIndexDocument document)
        {
            _path = path;
            _document = document;
        }

        /// <summary>Reads the folder's index; an unreadable one is replaced (the warning says so).</summary>
        public static MediaIndex Load(string folder, out string? warning)
        {
            warning = null;
            string path = MediaFileNames.Inside(folder, MediaFileNames.IndexFileName);
            MediaIndexDocument? document = null;
            if (File.Exists(path))
            {
                try
                {
                    document = JsonSerializer.Deserialize(File.ReadAllBytes(path), MediaIndexJsonContext.Default.MediaIndexDocument);
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

            // A run killed while saving leaves its temporary copy behind; the folder holds only media and the index.
            foreach (string stale in Directory.EnumerateFiles(Path.GetDirectoryName(path)!, MediaFileNames.IndexFileName + ".*.tmp"))
            {
                File.Delete(stale);
            }

            return new MediaIndex(path, document);
        }

        public MediaIndexEntry? Get(string key)
        {
            lock (_lock)
            {
                return _document.Files.TryGetValue(key, out MediaIndexEntry? entry) ? Copy(entry) : null;
            }
        }

        public void Set(string key, MediaIndexEntry entry)
        {
            lock (_lock)
            {
                _document.Files[key] = Copy(entry);
                _dirty = true;
            }
        }

        /// <summary>Saves when something changed and the last save is older than half a second.</summary>
        public void SaveIfDue()
        {
            lock (_lock)
            {
                if (DateTime.UtcNow - _lastSave >= SaveInterval)
                {
                    SaveLocked();
                }
            }
        }

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
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(_document, MediaIndexJsonContext.Default.MediaIndexDocument));
            MediaFiles.Replace(temporary, _path);
            _dirty = false;
            _lastSave = DateTime.UtcNow;
        }

        private static MediaIndexEntry Copy(MediaIndexEntry e) => new MediaIndexEntry
        {
            File = e.File,
            Url = e.Url,
            ETag = e.ETag,
            LastModified = e.LastModified,
            Length = e.Length,
            Complete = e.Complete,
        };
    }
}
