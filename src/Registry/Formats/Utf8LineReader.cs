using System.Text;

namespace Matching.Registry.Formats;

/// <summary>
/// The lines of an upload as UTF-8 bytes, without a string made of each: lines end at \n, \r\n or \r, as a
/// TextReader's do. A UTF-8 byte-order mark is skipped and a UTF-16 upload (marked so) is read as UTF-8. A line
/// longer than <paramref name="longestLine"/> bytes is not held: it is reported and skipped, so that memory stays
/// bounded whatever a file holds.
/// </summary>
public sealed class Utf8LineReader(Stream upload, int longestLine = Utf8LineReader.DefaultLongestLine)
{
    public const int DefaultLongestLine = 1 << 20;

    private Stream _upload = upload;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _ended;
    private bool _begun;
    private bool _skippingLongLine;

    /// <summary>Reads more of the upload; false once it has ended and every line has been taken.</summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (!_begun)
        {
            _begun = true;
            await Begin(cancellationToken);
        }

        if (_ended)
        {
            return _start < _end;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            (_end, _start) = (_end - _start, 0);
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await _upload.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        _ended = read == 0;
        return true;
    }

    /// <summary>
    /// The next whole line held, without its ending; false when more must be read first. A line too long to hold
    /// comes back empty with <paramref name="tooLong"/> set, once, however much of it follows.
    /// </summary>
    public bool TryTake(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        line = default;
        tooLong = false;
        while (true)
        {
            var held = _buffer.AsSpan(_start, _end - _start);
            var end = held.IndexOfAny((byte)'\n', (byte)'\r');
            if (end < 0 || (held[end] == '\r' && end == held.Length - 1 && !_ended))
            {
                // No ending yet (or a \r that may be half of a \r\n): the rest of the line has not arrived.
                if (_ended && held.Length > 0)
                {
                    line = held;
                    _start = _end;
                    return Taken(ref line, ref tooLong);
                }

                if (held.Length > longestLine)
                {
                    _start = _end;
                    if (!_skippingLongLine)
                    {
                        _skippingLongLine = true;
                        tooLong = true;
                        return true;
                    }
                }

                return false;
            }

            line = held[..end];
            _start += end + (held[end] == '\r' && end + 1 < held.Length && held[end + 1] == '\n' ? 2 : 1);
            if (Taken(ref line, ref tooLong))
            {
                return true;
            }
        }
    }

    /// <summary>The end of a long line already reported is dropped; any other line is taken.</summary>
    private bool Taken(ref ReadOnlySpan<byte> line, ref bool tooLong)
    {
        if (!_skippingLongLine)
        {
            tooLong = line.Length > longestLine;
            if (tooLong)
            {
                line = default;
            }

            return true;
        }

        _skippingLongLine = false;
        return false;
    }

    /// <summary>Reads the byte-order mark, if any, and what it says about the encoding.</summary>
    private async Task Begin(CancellationToken cancellationToken)
    {
        _end = await _upload.ReadAtLeastAsync(_buffer.AsMemory(0, 2), 2, throwOnEndOfStream: false, cancellationToken);
        if (_end == 2 && _buffer[0] is 0xFF or 0xFE && _buffer[1] is 0xFF or 0xFE && _buffer[0] != _buffer[1])
        {
            var utf16 = _buffer[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            _upload = Encoding.CreateTranscodingStream(_upload, utf16, Encoding.UTF8, leaveOpen: true);
            _end = 0;
            return;
        }

        if (_end == 2 && _buffer[0] == 0xEF && _buffer[1] == 0xBB)
        {
            _end += await _upload.ReadAtLeastAsync(_buffer.AsMemory(2, 1), 1, throwOnEndOfStream: false, cancellationToken);
            if (_end == 3 && _buffer[2] == 0xBF)
            {
                _end = 0;
            }
        }
    }
}
