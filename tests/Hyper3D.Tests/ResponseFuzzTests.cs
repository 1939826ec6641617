using System.Text;
using CsCheck;
using Hyper3D.Client;
using Hyper3D.Client.Api;

namespace Hyper3D.Tests;

/// <summary>
/// Whatever a server or a proxy sends, the reader either returns cards or throws the module's own error type:
/// never a parser's exception, a null reference or a cast failure.
/// </summary>
public class ResponseFuzzTests
{
    private const int Iterations = 10_000;
    private static readonly Uri Cards = new("https://h.example/api/task/cards");

    private const string ValidPage = """
        [{"task_uuid":"0f8fad5b-d9cb-469f-a165-70867728950e","type":"Rodin","image_url":"https://i/1.png","prompt":"p","num_like":12,
          "is_like":true,"time":"2025-10-31T20:41:47.559Z","author":{"user_uuid":"u1","username":"demo","avatar_url":"a","email":"e"},
          "lisenced":true,"title":"t","group":{"uuid":"g","name":"n","member_count":3,"expiration_date":"2026-01-01T00:00:00Z",
          "settings":{"allowed_style":["a"],"allowed_topology":[],"max_member_count":1,"allow_preview":true,"additional_settings":[]},
          "balance":1.5,"checkin_code":"c"},"step":"Generate","pending_jobs":["x"]},
         {"task_uuid":"b","num_like":0,"is_like":false,"time":1761943307559,"author":null,"step":"Finished"}]
        """;

    private int _read;
    private int _refused;

    private void ReadAnything(byte[] body, int status, string contentType)
    {
        var response = new ApiResponse(Cards, status, null, contentType, body);
        try
        {
            ResponseReader.ReadCards(response);
            Interlocked.Increment(ref _read);
        }
        catch (Hyper3DException e)
        {
            Interlocked.Increment(ref _refused);
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.DoesNotContain("   at ", e.Message);
        }

        try
        {
            ResponseReader.ReadLogin(response);
        }
        catch (Hyper3DException)
        {
        }
    }

    private static readonly Gen<int> Status = Gen.OneOf(Gen.Const(200), Gen.Const(201), Gen.Int[100, 599]);
    private static readonly string[] ContentTypes = { "application/json", "text/html", "text/plain", "" };
    private static readonly Gen<string> ContentType = Gen.Int[0, ContentTypes.Length - 1].Select(i => ContentTypes[i]);

    [Fact]
    public void Random_bytes_never_escape_as_anything_but_a_Hyper3D_error()
    {
        Gen.Select(Gen.Byte.Array[0, 512], Status, ContentType)
            .Sample((body, status, type) => ReadAnything(body, status, type), iter: Iterations);
    }

    [Fact]
    public void Mutated_valid_pages_never_escape_as_anything_but_a_Hyper3D_error()
    {
        byte[] valid = Encoding.UTF8.GetBytes(ValidPage);
        var mutation = Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[0, 3]);
        Gen.Select(mutation.Array[1, 8], Status)
            .Sample((mutations, status) =>
            {
                var body = new List<byte>(valid);
                foreach (var (position, value, kind) in mutations)
                {
                    int at = Math.Min(position, Math.Max(body.Count - 1, 0));
                    switch (kind)
                    {
                        case 0 when body.Count > 0: body[at] = value; break;
                        case 1: body.Insert(at, value); break;
                        case 2 when body.Count > 0: body.RemoveAt(at); break;
                        default: body.RemoveRange(at, body.Count - at); break;
                    }
                }

                ReadAnything(body.ToArray(), status, "application/json");
            }, iter: Iterations);

        // Both outcomes occur, so the cases really reach the card reader and not only its first check.
        Assert.True(_read > 100 && _refused > 100, $"read {_read}, refused {_refused}");
    }

    /// <summary>Well-formed JSON of the wrong shape: every field replaced by values of every other type.</summary>
    [Fact]
    public void Well_formed_json_of_the_wrong_shape_never_escapes_as_anything_but_a_Hyper3D_error()
    {
        var scalar = Gen.OneOf(
            Gen.Const("null"), Gen.Const("true"), Gen.Const("false"), Gen.Const("\"\""), Gen.Const("[]"), Gen.Const("{}"),
            Gen.Int.Select(i => i.ToString()), Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e309"),
            Gen.String[Gen.Char.AlphaNumeric, 0, 12].Select(s => "\"" + s + "\""), Gen.Const("\"2025-13-45T99:00:00Z\""), Gen.Const("-1e40"));
        string[] fields = { "task_uuid", "type", "num_like", "is_like", "time", "author", "group", "pending_jobs", "lisenced", "title", "step", "settings", "balance", "member_count", "expiration_date", "allowed_style", "error" };
        var member = Gen.Select(Gen.Int[0, fields.Length - 1].Select(i => fields[i]), scalar).Select((name, value) => $"\"{name}\":{value}");
        var card = member.Array[0, 6].Select(members => "{" + string.Join(",", members) + "}");
        var nestedCard = Gen.Select(member.Array[0, 4], member.Array[0, 3]).Select((outer, inner) =>
            "{" + string.Join(",", outer.Append("\"group\":{" + string.Join(",", inner) + ",\"settings\":{" + string.Join(",", inner) + "}}")) + "}");
        var body = Gen.OneOf(
            card.Array[0, 4].Select(cards => "[" + string.Join(",", cards) + "]"),
            nestedCard.Array[0, 3].Select(cards => "[" + string.Join(",", cards) + "]"),
            card,
            scalar);
        Gen.Select(body, Status).Sample((json, status) => ReadAnything(Encoding.UTF8.GetBytes(json), status, "application/json"), iter: Iterations);
        Assert.True(_read > 100 && _refused > 100, $"read {_read}, refused {_refused}");
    }
}
