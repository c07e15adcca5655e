namespace Keyward.Bench.Corpus.Generation;

/// <summary>The kinds of file the corpus holds; each has its own path scheme and content.</summary>
internal enum FileKind
{
    CSharp,
    TypeScript,
    Python,
    Yaml,
    Json,
    EnvExample,
    Markdown,
    PackageLock,
    YarnLock,
    Checksums,
    Fixtures,
    DataUri,
    Snapshot,
    Shell,
    Properties,
    MinifiedJs,
    Text,
}
