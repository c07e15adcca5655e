namespace Keyward.Scanning.Detection;

/// <summary>Maps character offsets to 1-based lines and columns.</summary>
internal sealed class LineIndex
{
    private readonly string _text;
    private readonly List<int> _starts = [0];

    public LineIndex(string text)
    {
        _text = text;
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            _starts.Add(i + 1);
        }
    }

    public (int Line, int Column) Locate(int offset)
    {
        var index = _starts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _starts[line] + 1);
    }

    public ReadOnlySpan<char> LineText(int line)
    {
        var start = _starts[line - 1];
        var end = line < _starts.Count ? _starts[line] : _text.Length;
        return _text.AsSpan(start, end - start);
    }
}
