using System.Buffers;

namespace Il6Bot.Hosting;

/// <summary>
/// Reads a request body as raw bytes with a hard size cap. Signatures are verified over these exact bytes
/// before anything parses them.
/// </summary>
public static class RequestBody
{
    /// <summary>Larger bodies are refused with 413; no interaction or slash command comes near it.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <returns>The body, or null when it is larger than <see cref="MaxBytes"/>.</returns>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>((int)(request.ContentLength ?? 4096));
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes)
            {
                return null;
            }
        }
    }
}
