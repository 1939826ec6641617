using System.Text.Json.Serialization;
using Hyper3D.Model;

namespace Hyper3D.Client.Json
{
    /// <summary>
    /// Compile-time serializers: no reflection at run time, so importing the module stays fast and nothing
    /// depends on System.Text.Json's reflection paths that differ between the versions pwsh ships. The API names
    /// its fields in snake_case; only a name that the policy cannot derive carries an attribute. Cards are only
    /// read, so they get metadata alone (no serialization fast path).
    /// </summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = new[] { typeof(TimestampConverter), typeof(TextListConverter) })]
    [JsonSerializable(typeof(GalleryCard[]), GenerationMode = JsonSourceGenerationMode.Metadata)]
    [JsonSerializable(typeof(LoginRequest))]
    [JsonSerializable(typeof(LoginResponse))]
    [JsonSerializable(typeof(GalleryUser))]
    [JsonSerializable(typeof(GalleryRequest))]
    [JsonSerializable(typeof(ErrorBody))]
    internal sealed partial class Hyper3DJsonContext : JsonSerializerContext
    {
    }
}
