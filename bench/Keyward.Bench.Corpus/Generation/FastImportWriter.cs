using System.Globalization;
using System.Text;

namespace Keyward.Bench.Corpus.Generation;

/// <summary>Writes a <c>git fast-import</c> stream: blobs, commits and annotated tags, each with a mark.</summary>
/// <remarks>See git-fast-import(1). Everything is streamed; nothing but counters is kept.</remarks>
internal sealed class FastImportWriter(Stream output)
{
    private readonly Stream _output = output;
    private int _nextMark = 1;

    public int Blobs { get; private set; }

    public int Commits { get; private set; }

    public long BlobBytes { get; private set; }

    public int Blob(ReadOnlySpan<byte> content)
    {
        var mark = _nextMark++;
        Write(Invariant($"blob\nmark :{mark}\ndata {content.Length}\n"));
        _output.Write(content);
        _output.WriteByte((byte)'\n');
        Blobs++;
        BlobBytes += content.Length;
        return mark;
    }

    public int Commit(string branch, string author, long when, string timezone, string message, int from, int merge, IEnumerable<TreeChange> changes)
    {
        var mark = _nextMark++;
        var text = new StringBuilder();
        text.Append(Invariant($"commit refs/heads/{branch}\nmark :{mark}\n"));
        text.Append(Invariant($"author {author} {when} {timezone}\ncommitter {author} {when} {timezone}\n"));
        var body = Encoding.UTF8.GetByteCount(message);
        text.Append(Invariant($"data {body}\n")).Append(message).Append('\n');
        if (from > 0)
        {
            text.Append(Invariant($"from :{from}\n"));
        }

        if (merge > 0)
        {
            text.Append(Invariant($"merge :{merge}\n"));
        }

        foreach (var change in changes)
        {
            text.Append(change.Mark > 0 ? Invariant($"M 100644 :{change.Mark} {change.Path}\n") : $"D {change.Path}\n");
        }

        text.Append('\n');
        Write(text.ToString());
        Commits++;
        return mark;
    }

    public void Tag(string name, int commitMark, string tagger, long when, string message)
    {
        var body = Encoding.UTF8.GetByteCount(message);
        Write(Invariant($"tag {name}\nfrom :{commitMark}\ntagger {tagger} {when} +0000\ndata {body}\n{message}\n"));
    }

    public void Done()
    {
        Write("done\n");
        _output.Flush();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void Write(string text) => _output.Write(Encoding.UTF8.GetBytes(text));
}
