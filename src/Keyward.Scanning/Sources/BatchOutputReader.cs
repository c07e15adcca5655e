using System.Text;

namespace Keyward.Scanning.Sources;

/// <summary>A buffered, blocking reader for <c>git cat-file --batch</c> output: header lines, then exact byte counts.</summary>
/// <remarks>Reads in 64 KiB chunks; reading headers a byte at a time cost more than git itself.</remarks>
internal sealed class BatchOutputReader(Stream stream)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;

    /// <summary>Reads up to the next '\n', or returns null at the end of the stream.</summary>
    public string? ReadLine()
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString(_buffer, _start, newline);
                _start += newline + 1;
                return line;
            }

            if (!Fill())
            {
                return null;
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/> completely.</summary>
    /// <exception cref="EndOfStreamException">The stream ended first.</exception>
    public void ReadExactly(Span<byte> destination)
    {
        var buffered = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, buffered).CopyTo(destination);
        _start += buffered;
        if (buffered < destination.Length)
        {
            stream.ReadExactly(destination[buffered..]);
        }
    }

    /// <summary>Discards <paramref name="count"/> bytes.</summary>
    public void Skip(long count)
    {
        while (count > 0)
        {
            if (_start == _end && !Fill())
            {
                throw new GitException("git cat-file ended early");
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private bool Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        return read > 0;
    }
}
