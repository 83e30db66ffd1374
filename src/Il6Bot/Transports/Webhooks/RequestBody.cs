using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Il6Bot.Transports.Webhooks;

/// <summary>
/// Reads a request body as raw bytes with a hard size cap. Signatures are verified over these exact bytes
/// before anything parses them. A body the connection cannot deliver (a malformed chunk, the client gone) is the
/// client's fault: it surfaces as a <see cref="BadHttpRequestException"/> with status 400, never as a 500.
/// </summary>
public static class RequestBody
{
    /// <summary>Larger bodies are refused with 413; no interaction or slash command comes near it.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <returns>The body, or null when it is larger than <see cref="MaxBytes"/>.</returns>
    /// <exception cref="BadHttpRequestException">The body could not be read.</exception>
    public static Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var declared = request.ContentLength;
        if (declared > MaxBytes)
        {
            return Task.FromResult<byte[]?>(null);
        }

        if (declared is null && request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            // Kestrel counts chunk-size lines and CRLFs against its limit, so a chunked body under MaxBytes could
            // be refused depending on its chunk size; ReadUnknownLengthAsync applies the exact limit instead.
            serverLimit.MaxRequestBodySize = null;
        }

        // Discord and Slack always send Content-Length: read straight into an array of that size (one
        // allocation, no zeroed 8 KB growth buffer and no copy). Chunked bodies take the general path.
        return declared is { } length
            ? ReadExactAsync(request.Body, (int)length, cancellationToken)
            : ReadUnknownLengthAsync(request.Body, cancellationToken);
    }

    private static async Task<byte[]?> ReadExactAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var buffer = length == 0 ? [] : new byte[length];
        var filled = 0;
        try
        {
            while (filled < length)
            {
                var read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    // Kestrel reports a body shorter than its Content-Length as BadHttpRequestException; a
                    // stream that simply ends early gets what it sent, like the general path.
                    return buffer[..filled];
                }

                filled += read;
            }
        }
        catch (IOException ex)
        {
            throw Unreadable(ex);
        }

        return buffer;
    }

    private static async Task<byte[]?> ReadUnknownLengthAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(8192);
                var read = await body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
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
        catch (IOException ex)
        {
            throw Unreadable(ex);
        }
    }

    /// <remarks>
    /// Kestrel throws a plain IOException for some framing errors (a chunk size over 32 bits), and a
    /// ConnectionResetException when the client goes away mid-body.
    /// </remarks>
    private static BadHttpRequestException Unreadable(IOException ex) =>
        new("The request body could not be read.", StatusCodes.Status400BadRequest, ex);
}
