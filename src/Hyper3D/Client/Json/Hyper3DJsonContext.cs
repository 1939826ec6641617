using System.Text.Json.Serialization;
using Hyper3D.Model;

namespace Hyper3D.Client.Json
{
    /// <summary>
    /// Compile-time serializers: no reflection at run time, so importing the module stays fast and nothing
    /// depends on System.Text.Json's reflection paths that differ between the versions pwsh ships.
    /// </summary>
    [JsonSourceGenerationOptions(
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = new[] { typeof(FlexibleDateTimeConverter), typeof(TextListConverter) })]
    [JsonSerializable(typeof(GalleryCard[]))]
    [JsonSerializable(typeof(LoginRequest))]
    [JsonSerializable(typeof(LoginResponse))]
    [JsonSerializable(typeof(GalleryUser))]
    [JsonSerializable(typeof(GalleryRequest))]
    [JsonSerializable(typeof(ErrorBody))]
    internal sealed partial class Hyper3DJsonContext : JsonSerializerContext
    {
    }
}
