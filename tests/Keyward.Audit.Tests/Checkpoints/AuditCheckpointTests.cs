using Keyward.Audit.Checkpoints;
using Keyward.Tests.Shared;

namespace Keyward.Audit.Tests.Checkpoints;

public sealed class AuditCheckpointTests : IDisposable
{
    // A checkpoint file as keyward has always written it: indented, snake_case, the fingerprint included.
    private const string Written = """
        {
          "sequence": 7,
          "head_hash": "1218017b88f3838d00aac097dcb8ebe897d403ab9ea4aea973389e0bd7cbabc5",
          "algorithm": "sha256",
          "created": "2026-03-14T15:09:26.535897+00:00",
          "public_key": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEHSOKnUMy/Dlg3MWabwozT144a3zD2fcc7aJQ6OdwWHg1vhgTFvR4v2D4N3hlchX3MrDyu0q9SIX4MEdxmRRT2Q==",
          "signature": "tFavjUhzMn9mJxl4xufC1T06nMKdvVenNPEx1N\u002BB2Ru2Ov0Wk3VPnqj/B2I0kVIw8iMayQvo/khmc2rtRmw82g==",
          "key_fingerprint": "9edb4876b8b4d758"
        }
        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_AFileWrittenBefore_ReadsEveryFieldAndVerifies()
    {
        var path = Path.Combine(_directory.Path, "checkpoint.json");
        File.WriteAllText(path, Written);

        var checkpoint = AuditCheckpoint.Load(path);

        Assert.Equal(7, checkpoint.Sequence);
        Assert.Equal("1218017b88f3838d00aac097dcb8ebe897d403ab9ea4aea973389e0bd7cbabc5", checkpoint.HeadHash);
        Assert.Equal("sha256", checkpoint.Algorithm);
        Assert.Equal(new DateTimeOffset(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero).AddTicks(8970), checkpoint.Created);
        Assert.Equal("9edb4876b8b4d758", checkpoint.KeyFingerprint);
        Assert.True(checkpoint.HasValidSignature());
    }

    [Fact]
    public void Save_WritesTheSameFileItWasLoadedFrom()
    {
        var path = Path.Combine(_directory.Path, "checkpoint.json");
        File.WriteAllText(path, Written);
        var copy = Path.Combine(_directory.Path, "copy.json");

        AuditCheckpoint.Load(path).Save(copy);

        Assert.Equal(Written.ReplaceLineEndings("\n"), File.ReadAllText(copy).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Load_NotACheckpoint_NamesTheFile()
    {
        var path = Path.Combine(_directory.Path, "notes.json");
        File.WriteAllText(path, "{ not json");

        var error = Assert.Throws<InvalidDataException>(() => AuditCheckpoint.Load(path));

        Assert.Contains("notes.json' is not a keyward audit checkpoint", error.Message, StringComparison.Ordinal);
    }
}
