using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hyper3D.Model;

namespace Hyper3D.Client.Json
{
    /// <summary>
    /// Dates arrive as ISO 8601 text (the schema) or epoch milliseconds (an old mock); text without an offset is UTC.
    /// </summary>
    internal sealed class TimestampConverter : JsonConverter<Timestamp>
    {
        private const string Expected = "Expected a date as ISO 8601 text or epoch milliseconds.";

        public override Timestamp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long milliseconds))
                {
                    return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    string? text = reader.GetString();
                    if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed))
                    {
                        return parsed;
                    }

                    if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out milliseconds))
                    {
                        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
                    }
                }
            }
            catch (ArgumentOutOfRangeException e)
            {
                // A number of milliseconds, or a date near the ends of the calendar, that no DateTime can hold.
                throw new JsonException("The date is out of range. " + Expected, e);
            }

            throw new JsonException(Expected);
        }

        public override void Write(Utf8JsonWriter writer, Timestamp value, JsonSerializerOptions options)
        {
            writer.WriteStringValue(value.ToString());
        }
    }
}
