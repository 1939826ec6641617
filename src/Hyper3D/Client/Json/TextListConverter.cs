using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hyper3D.Model;

namespace Hyper3D.Client.Json
{
    /// <summary>Reads a JSON array of strings (or null) into a <see cref="TextList"/>.</summary>
    internal sealed class TextListConverter : JsonConverter<TextList>
    {
        public override bool HandleNull => true;

        public override TextList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return TextList.Empty;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("Expected an array of strings.");
            }

            var items = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new JsonException("Expected an array of strings.");
                }

                items.Add(reader.GetString()!);
            }

            return items.Count == 0 ? TextList.Empty : new TextList(items);
        }

        public override void Write(Utf8JsonWriter writer, TextList value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (string item in value)
            {
                writer.WriteStringValue(item);
            }

            writer.WriteEndArray();
        }
    }
}
