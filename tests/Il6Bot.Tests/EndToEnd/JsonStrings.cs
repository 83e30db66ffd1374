using System.Text;
using System.Text.Json;

namespace Il6Bot.Tests.EndToEnd;

/// <summary>Every string value in a JSON tree, one per line: what a reader of the message would see.</summary>
internal static class JsonStrings
{
    public static string Of(JsonElement element)
    {
        var text = new StringBuilder();
        Collect(element, text);
        return text.ToString();
    }

    private static void Collect(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                text.AppendLine(element.GetString());
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, text);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, text);
                }

                break;
        }
    }
}
