using System.Globalization;
using System.Text;

namespace Keyward.Bench.Corpus.Generation;

/// <summary>Writes realistic file content full of secret lookalikes: UUIDs, git SHAs, md5/sha1/sha256 hex, semver,
/// lock-file integrity hashes, placeholders, data URIs and random base64 blobs.</summary>
/// <remarks>Content is a pure function of a file's seed and block versions, so nothing is held in memory.</remarks>
internal static class ContentFactory
{
    private const ulong HeaderBlock = ulong.MaxValue;

    public static int AverageBlockSize(FileKind kind) => kind switch
    {
        FileKind.PackageLock => 420,
        FileKind.YarnLock => 330,
        FileKind.Checksums => 900,
        FileKind.Fixtures => 1100,
        FileKind.DataUri => 1800,
        FileKind.Snapshot => 900,
        FileKind.EnvExample => 1000,
        FileKind.MinifiedJs => 1200,
        _ => 700,
    };

    public static string NewPath(FileKind kind, string root, DeterministicRandom rng)
    {
        var noun = rng.Pick(Lexicon.Nouns);
        var verb = rng.Pick(Lexicon.Verbs);
        var n = rng.Next(1000).ToString(CultureInfo.InvariantCulture);
        return root + kind switch
        {
            FileKind.CSharp => $"src/{rng.Pick(Lexicon.Projects)}/{rng.Pick(Lexicon.CSharpFolders)}/{Pascal(noun)}{Pascal(rng.Pick(Lexicon.Nouns))}{rng.Pick(Lexicon.CSharpSuffixes)}.cs",
            FileKind.TypeScript => $"web/src/{rng.Pick(Lexicon.WebAreas)}/{verb}{Pascal(noun)}{(rng.Chance(0.3) ? ".tsx" : ".ts")}",
            FileKind.Python => $"scripts/{rng.Pick(Lexicon.PythonAreas)}/{verb}_{noun}s.py",
            FileKind.Yaml => rng.Next(4) switch
            {
                0 => $"deploy/k8s/{noun}-{verb}.yaml",
                1 => $"deploy/helm/{noun}/values-{n}.yaml",
                2 => $".github/workflows/{verb}-{noun}.yml",
                _ => $"config/{noun}s-{n}.yaml",
            },
            FileKind.Json => rng.Chance(0.3) ? $"web/src/locales/{rng.Pick(Lexicon.Languages)}/{noun}.json" : $"config/{noun}-{verb}.json",
            FileKind.EnvExample => $"services/{noun}-{verb}/.env.example",
            FileKind.Markdown => $"docs/{verb}-{noun}s.md",
            FileKind.PackageLock => $"packages/{noun}-{n}/package-lock.json",
            FileKind.YarnLock => $"tools/{noun}-{n}/yarn.lock",
            FileKind.Checksums => rng.Chance(0.5) ? $"checksums/{noun}-{n}/SHA256SUMS" : $"vendor/{noun}/checksums-{n}.txt",
            FileKind.Fixtures => rng.Chance(0.5) ? $"tests/fixtures/{noun}s-{n}.csv" : $"db/migrations/{n.PadLeft(4, '0')}_{verb}_{noun}s.sql",
            FileKind.DataUri => rng.Chance(0.6) ? $"web/src/styles/{noun}-icons.css" : $"web/public/{noun}-{n}.html",
            FileKind.Snapshot => rng.Chance(0.5) ? $"web/src/__snapshots__/{Pascal(noun)}{Pascal(verb)}.test.tsx.snap" : $"tests/fixtures/{noun}-payloads-{n}.snap",
            FileKind.Shell => $"deploy/scripts/{verb}-{noun}s.sh",
            FileKind.Properties => $"config/{noun}-{n}.properties",
            FileKind.MinifiedJs => $"web/public/assets/{noun}.{rng.Hex(8)}.min.js",
            _ => $"notes/{noun}-{verb}-{n}.txt",
        };
    }

    public static string Render(TrackedFile file)
    {
        var text = new StringBuilder(file.Size > 0 ? file.Size + 256 : 4096);
        var header = DeterministicRandom.For(file.Seed, HeaderBlock);
        Header(file.Kind, header, text);
        for (var i = 0; i < file.Versions.Count; i++)
        {
            if (i > 0)
            {
                Separator(file.Kind, text);
            }

            Block(file.Kind, DeterministicRandom.For(file.Seed, (ulong)i, (ulong)file.Versions[i]), text);
            foreach (var planted in file.Planted)
            {
                if (planted.AfterBlock == i)
                {
                    // A minified bundle is one line: the plant sits inside it between statements.
                    text.Append(planted.Text).Append(file.Kind == FileKind.MinifiedJs ? ";" : "\n");
                }
            }
        }

        Footer(file.Kind, text);
        return text.ToString();
    }

    private static void Header(FileKind kind, DeterministicRandom rng, StringBuilder t)
    {
        switch (kind)
        {
            case FileKind.CSharp:
                t.Append("using System.Net.Http.Json;\nusing Microsoft.Extensions.Logging;\nusing Microsoft.Extensions.Options;\n\n");
                t.Append("namespace Outreach.").Append(Pascal(rng.Pick(Lexicon.Nouns))).Append(";\n\n");
                t.Append("public sealed class ").Append(Pascal(rng.Pick(Lexicon.Nouns))).Append(Pascal(rng.Pick(Lexicon.CSharpSuffixes))).Append("\n{\n");
                break;
            case FileKind.TypeScript:
                t.Append("import { z } from \"zod\";\nimport { apiClient } from \"../api/client\";\n\n");
                break;
            case FileKind.Python:
                t.Append("\"\"\"").Append(rng.Pick(Lexicon.Sentences)).Append("\"\"\"\nimport os\nimport uuid\nimport hashlib\n\n");
                break;
            case FileKind.Json:
                t.Append("{\n");
                break;
            case FileKind.PackageLock:
                t.Append("{\n  \"name\": \"").Append(rng.Pick(Lexicon.Nouns)).Append("-web\",\n  \"version\": \"").Append(Semver(rng))
                    .Append("\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n");
                break;
            case FileKind.YarnLock:
                t.Append("# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n\n");
                break;
            case FileKind.EnvExample:
                t.Append("# Copy to .env and fill in. Never commit the copy.\n");
                break;
            case FileKind.Markdown:
                t.Append("# ").Append(Pascal(rng.Pick(Lexicon.Verbs))).Append(' ').Append(rng.Pick(Lexicon.Nouns)).Append("s\n\n")
                    .Append(rng.Pick(Lexicon.Sentences)).Append("\n\n");
                break;
            case FileKind.Fixtures:
                t.Append("-- id, campaign_id, email, created_at, etag\n");
                break;
            case FileKind.DataUri:
                t.Append("/* generated by the icon pipeline; do not edit */\n");
                break;
            case FileKind.Shell:
                t.Append("#!/usr/bin/env bash\nset -euo pipefail\n\n");
                break;
            case FileKind.MinifiedJs:
                t.Append("/*! ").Append(rng.Pick(Lexicon.Nouns)).Append(" v").Append(Semver(rng)).Append(" | MIT */\n");
                break;
            case FileKind.Properties:
                t.Append("# ").Append(rng.Pick(Lexicon.Sentences)).Append('\n');
                break;
            case FileKind.Yaml:
                t.Append("# ").Append(rng.Pick(Lexicon.Sentences)).Append('\n');
                break;
            default:
                break;
        }
    }

    private static void Separator(FileKind kind, StringBuilder t)
    {
        if (kind is FileKind.Json or FileKind.PackageLock)
        {
            t.Append(",\n");
        }
    }

    private static void Footer(FileKind kind, StringBuilder t)
    {
        switch (kind)
        {
            case FileKind.CSharp:
                t.Append("}\n");
                break;
            case FileKind.Json:
                t.Append("\n}\n");
                break;
            case FileKind.PackageLock:
                t.Append("\n  }\n}\n");
                break;
            case FileKind.MinifiedJs:
                t.Append("//# sourceMappingURL=bundle.js.map\n");
                break;
            default:
                break;
        }
    }

    private static void Block(FileKind kind, DeterministicRandom rng, StringBuilder t)
    {
        switch (kind)
        {
            case FileKind.CSharp: CSharpBlock(rng, t); break;
            case FileKind.TypeScript: TypeScriptBlock(rng, t); break;
            case FileKind.Python: PythonBlock(rng, t); break;
            case FileKind.Yaml: YamlBlock(rng, t); break;
            case FileKind.Json: JsonBlock(rng, t); break;
            case FileKind.EnvExample: EnvExampleBlock(rng, t); break;
            case FileKind.Markdown: MarkdownBlock(rng, t); break;
            case FileKind.PackageLock: PackageLockBlock(rng, t); break;
            case FileKind.YarnLock: YarnLockBlock(rng, t); break;
            case FileKind.Checksums: ChecksumsBlock(rng, t); break;
            case FileKind.Fixtures: FixturesBlock(rng, t); break;
            case FileKind.DataUri: DataUriBlock(rng, t); break;
            case FileKind.Snapshot: SnapshotBlock(rng, t); break;
            case FileKind.Shell: ShellBlock(rng, t); break;
            case FileKind.Properties: PropertiesBlock(rng, t); break;
            case FileKind.MinifiedJs: MinifiedBlock(rng, t); break;
            default: TextBlock(rng, t); break;
        }
    }

    private static void CSharpBlock(DeterministicRandom r, StringBuilder t)
    {
        var noun = r.Pick(Lexicon.Nouns);
        var type = Pascal(noun);
        t.Append("    /// <summary>").Append(r.Pick(Lexicon.Sentences)).Append("</summary>\n");
        switch (r.Next(6))
        {
            case 0:
                t.Append("    [Guid(\"").Append(r.Uuid()).Append("\")]\n");
                break;
            case 1:
                t.Append("    private const string CacheKeyPrefix = \"sha1:").Append(r.Hex(40)).Append("\";\n\n");
                break;
            case 2:
                t.Append("    private static readonly string ExpectedSha256 = \"").Append(r.Hex(64)).Append("\";\n\n");
                break;
            case 3:
                t.Append("    // Introduced in ").Append(r.Hex(40)).Append(" (v").Append(Semver(r)).Append(").\n");
                break;
            default:
                break;
        }

        t.Append("    public async Task<").Append(type).Append("Result> ").Append(Pascal(r.Pick(Lexicon.Verbs))).Append(type)
            .Append("Async(Guid ").Append(noun).Append("Id, CancellationToken cancellationToken = default)\n    {\n");
        var lines = r.Next(3, 9);
        for (var i = 0; i < lines; i++)
        {
            switch (r.Next(10))
            {
                case 0:
                    t.Append("        var apiKey = _configuration[\"Instantly:ApiKey\"] ?? \"").Append(r.Pick(Lexicon.Placeholders)).Append("\";\n");
                    break;
                case 1:
                    t.Append("        var token = Environment.GetEnvironmentVariable(\"").Append(r.Pick(Lexicon.EnvNames)).Append("\");\n");
                    break;
                case 2:
                    t.Append("        var idempotencyKey = Guid.Parse(\"").Append(r.Uuid()).Append("\");\n");
                    break;
                case 3:
                    t.Append("        _logger.LogInformation(\"").Append(Pascal(r.Pick(Lexicon.Verbs))).Append(" {Id} for ").Append(noun)
                        .Append(" {Version}\", ").Append(noun).Append("Id, \"").Append(Semver(r)).Append("\");\n");
                    break;
                case 4:
                    t.Append("        var etag = \"W/\\\"").Append(r.Hex(32)).Append("\\\"\";\n");
                    break;
                default:
                    t.Append("        var ").Append(r.Pick(Lexicon.Adjectives)).Append(Pascal(noun)).Append(i.ToString(CultureInfo.InvariantCulture))
                        .Append(" = await _").Append(noun).Append("s.").Append(Pascal(r.Pick(Lexicon.Verbs))).Append("Async(").Append(noun)
                        .Append("Id, cancellationToken).ConfigureAwait(false);\n");
                    break;
            }
        }

        t.Append("        return new ").Append(type).Append("Result(").Append(noun).Append("Id);\n    }\n\n");
    }

    private static void TypeScriptBlock(DeterministicRandom r, StringBuilder t)
    {
        var noun = r.Pick(Lexicon.Nouns);
        switch (r.Next(8))
        {
            case 0:
                t.Append("const API_KEY = process.env.").Append(r.Pick(Lexicon.EnvNames)).Append(" ?? \"").Append(r.Pick(Lexicon.Placeholders)).Append("\";\n\n");
                break;
            case 1:
                t.Append("export const BUILD_SHA = \"").Append(r.Hex(40)).Append("\";\n\n");
                break;
            case 2:
                t.Append("const SCRIPT_INTEGRITY = \"sha384-").Append(Convert.ToBase64String(r.Bytes(48))).Append("\";\n\n");
                break;
            case 3:
                // Publishable keys are public by design (they ship in every browser bundle).
                t.Append("export const STRIPE_PUBLISHABLE_KEY = \"pk_live_").Append(r.Alphanumeric(r.Next(24, 99))).Append("\";\n\n");
                break;
            case 4:
                // A Sentry DSN carries a public key only.
                t.Append("Sentry.init({ dsn: \"https://").Append(r.Hex(32)).Append("@o").Append(r.DigitString(6)).Append(".ingest.sentry.io/")
                    .Append(r.DigitString(7)).Append("\" });\n\n");
                break;
            default:
                break;
        }

        t.Append("export const ").Append(noun).Append("Schema = z.object({\n  id: z.string().uuid(),\n  name: z.string(),\n  status: z.enum([\"")
            .Append(r.Pick(Lexicon.Adjectives)).Append("\", \"").Append(r.Pick(Lexicon.Adjectives)).Append("\"]),\n});\n\n");
        t.Append("export async function ").Append(r.Pick(Lexicon.Verbs)).Append(Pascal(noun)).Append("(id: string): Promise<").Append(Pascal(noun)).Append("> {\n");
        t.Append("  const response = await apiClient.get(`/api/v2/").Append(noun).Append("s/${id}`, {\n");
        t.Append("    headers: { Authorization: `Bearer ${API_KEY}`, \"Idempotency-Key\": \"").Append(r.Uuid()).Append("\" },\n  });\n");
        t.Append("  // release ").Append(Semver(r)).Append(", see commit ").Append(r.Hex(12)).Append('\n');
        t.Append("  return ").Append(noun).Append("Schema.parse(response.data);\n}\n\n");
    }

    private static void PythonBlock(DeterministicRandom r, StringBuilder t)
    {
        var noun = r.Pick(Lexicon.Nouns);
        switch (r.Next(6))
        {
            case 0:
                t.Append("API_KEY = os.environ.get(\"").Append(r.Pick(Lexicon.EnvNames)).Append("\", \"").Append(r.Pick(Lexicon.Placeholders)).Append("\")\n\n");
                break;
            case 1:
                t.Append("EXPECTED_MD5 = \"").Append(r.Hex(32)).Append("\"\n\n");
                break;
            case 2:
                t.Append("NAMESPACE = uuid.UUID(\"").Append(r.Uuid()).Append("\")\n\n");
                break;
            default:
                break;
        }

        t.Append("\ndef ").Append(r.Pick(Lexicon.Verbs)).Append('_').Append(noun).Append("s(client, workspace_id, limit=")
            .Append(r.Next(10, 500).ToString(CultureInfo.InvariantCulture)).Append("):\n");
        t.Append("    \"\"\"").Append(r.Pick(Lexicon.Sentences)).Append("\"\"\"\n");
        t.Append("    cursor = None\n    while True:\n");
        t.Append("        page = client.get(\"/api/v2/").Append(noun).Append("s\", params={\"limit\": limit, \"starting_after\": cursor})\n");
        t.Append("        for item in page[\"items\"]:\n            digest = hashlib.sha1(item[\"id\"].encode()).hexdigest()  # e.g. ")
            .Append(r.Hex(40)).Append('\n');
        t.Append("            yield item, digest\n        cursor = page.get(\"next_starting_after\")\n        if not cursor:\n            return\n\n");
    }

    private static void YamlBlock(DeterministicRandom r, StringBuilder t)
    {
        var noun = r.Pick(Lexicon.Nouns);
        switch (r.Next(3))
        {
            case 0:
                t.Append(noun).Append('-').Append(r.Pick(Lexicon.Verbs)).Append(":\n");
                t.Append("  image: ghcr.io/example/").Append(noun).Append("@sha256:").Append(r.Hex(64)).Append('\n');
                t.Append("  replicas: ").Append(r.Next(1, 6).ToString(CultureInfo.InvariantCulture)).Append('\n');
                t.Append("  env:\n    - name: INSTANTLY_API_KEY\n      valueFrom:\n        secretKeyRef: { name: instantly, key: api-key }\n");
                t.Append("    - name: ").Append(r.Pick(Lexicon.EnvNames)).Append("\n      value: ${").Append(r.Pick(Lexicon.EnvNames)).Append("}\n");
                t.Append("  labels:\n    release-id: ").Append(r.Uuid()).Append("\n    version: ").Append(Semver(r)).Append('\n');
                break;
            case 1:
                t.Append("  ").Append(r.Pick(Lexicon.Verbs)).Append('-').Append(noun).Append(":\n    runs-on: ubuntu-latest\n    steps:\n");
                t.Append("      - uses: actions/checkout@").Append(r.Hex(40)).Append(" # v4\n");
                t.Append("      - uses: actions/setup-dotnet@").Append(r.Hex(40)).Append("\n        with:\n          dotnet-version: 10.0.x\n");
                t.Append("      - run: ./build.sh --configuration Release\n        env:\n          API_KEY: ${{ secrets.").Append(r.Pick(Lexicon.EnvNames)).Append(" }}\n");
                break;
            default:
                t.Append(noun).Append("s:\n  id: ").Append(r.Uuid()).Append("\n  api_key: ").Append(r.Pick(Lexicon.Placeholders))
                    .Append("\n  checksum: ").Append(r.Hex(64)).Append("\n  schema_version: ").Append(Semver(r))
                    .Append("\n  cache_key: ").Append(r.Hex(40)).Append("\n  enabled: ").Append(r.Chance(0.5) ? "true" : "false").Append('\n');
                if (r.Chance(0.4))
                {
                    t.Append("  deploy_public_key: ssh-ed25519 ").Append(Ed25519PublicKey(r)).Append(" deploy@ci.example.com\n");
                    t.Append("  provider_hash: h1:").Append(Convert.ToBase64String(r.Bytes(32))).Append('\n');
                }

                break;
        }
    }

    private static void JsonBlock(DeterministicRandom r, StringBuilder t)
    {
        var noun = r.Pick(Lexicon.Nouns);
        t.Append("  \"").Append(noun).Append('-').Append(r.Hex(6)).Append("\": {\n");
        t.Append("    \"id\": \"").Append(r.Uuid()).Append("\",\n");
        t.Append("    \"label\": \"").Append(r.Pick(Lexicon.Sentences)).Append("\",\n");
        switch (r.Next(4))
        {
            case 0:
                t.Append("    \"apiKey\": \"").Append(r.Pick(Lexicon.Placeholders)).Append("\",\n");
                break;
            case 1:
                t.Append("    \"sha1\": \"").Append(r.Hex(40)).Append("\",\n");
                break;
            case 2:
                t.Append("    \"md5\": \"").Append(r.Hex(32)).Append("\",\n");
                break;
            default:
                t.Append("    \"token\": \"${").Append(r.Pick(Lexicon.EnvNames)).Append("}\",\n");
                t.Append("    \"next_starting_after\": \"").Append(r.Uuid()).Append("\",\n");
                break;
        }

        t.Append("    \"version\": \"").Append(Semver(r)).Append("\",\n    \"enabled\": ").Append(r.Chance(0.5) ? "true" : "false").Append("\n  }");
    }

    private static void EnvExampleBlock(DeterministicRandom r, StringBuilder t)
    {
        t.Append("\n# ").Append(r.Pick(Lexicon.Sentences)).Append('\n');
        var count = r.Next(4, 10);
        for (var i = 0; i < count; i++)
        {
            var name = r.Pick(Lexicon.EnvNames);
            switch (r.Next(5))
            {
                case 0:
                    t.Append(name).Append('=').Append(r.Pick(Lexicon.Placeholders)).Append('\n');
                    break;
                case 1:
                    t.Append(name).Append("=${").Append(name).Append("}\n");
                    break;
                case 2:
                    t.Append("# ").Append(name).Append("=<your-key>\n");
                    break;
                default:
                    t.Append(name).Append("=\n");
                    break;
            }
        }

        t.Append("LOG_LEVEL=info\nHTTP_TIMEOUT_SECONDS=").Append(r.Next(5, 60).ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void MarkdownBlock(DeterministicRandom r, StringBuilder t)
    {
        t.Append("## ").Append(Pascal(r.Pick(Lexicon.Verbs))).Append(' ').Append(r.Pick(Lexicon.Nouns)).Append("s\n\n");
        for (var i = r.Next(2, 5); i > 0; i--)
        {
            t.Append(r.Pick(Lexicon.Sentences)).Append(' ');
        }

        t.Append("\n\n");
        switch (r.Next(4))
        {
            case 0:
                t.Append("```bash\nexport INSTANTLY_API_KEY=").Append(r.Pick(Lexicon.Placeholders)).Append("\ncurl -H \"Authorization: Bearer ${INSTANTLY_API_KEY}\" https://api.instantly.ai/api/v2/")
                    .Append(r.Pick(Lexicon.Nouns)).Append("s?limit=10\n```\n\n");
                break;
            case 1:
                t.Append("- ").Append(Semver(r)).Append(" (").Append(r.Hex(7)).Append("): ").Append(r.Pick(Lexicon.Verbs)).Append(' ').Append(r.Pick(Lexicon.Nouns)).Append("s\n");
                t.Append("- ").Append(Semver(r)).Append(" (").Append(r.Hex(40)).Append("): fix ").Append(r.Pick(Lexicon.Nouns)).Append(" retries\n\n");
                break;
            case 2:
                t.Append("| id | checksum |\n|---|---|\n| `").Append(r.Uuid()).Append("` | `").Append(r.Hex(64)).Append("` |\n| `")
                    .Append(r.Uuid()).Append("` | `").Append(r.Hex(64)).Append("` |\n\n");
                break;
            default:
                t.Append("![diagram](data:image/png;base64,").Append(Png(r, r.Next(60, 400))).Append(")\n\n");
                break;
        }
    }

    private static void PackageLockBlock(DeterministicRandom r, StringBuilder t)
    {
        var name = r.Pick(Lexicon.Packages);
        var version = Semver(r);
        var file = name.Contains('/', StringComparison.Ordinal) ? name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..] : name;
        t.Append("    \"node_modules/").Append(name).Append('/').Append(r.Pick(Lexicon.Packages).Replace("@", string.Empty, StringComparison.Ordinal)).Append("\": {\n");
        t.Append("      \"version\": \"").Append(version).Append("\",\n");
        t.Append("      \"resolved\": \"https://registry.npmjs.org/").Append(name).Append("/-/").Append(file).Append('-').Append(version).Append(".tgz\",\n");
        t.Append("      \"integrity\": \"sha512-").Append(Convert.ToBase64String(r.Bytes(64))).Append("\",\n");
        t.Append("      \"dev\": true,\n      \"license\": \"MIT\"\n    }");
    }

    private static void YarnLockBlock(DeterministicRandom r, StringBuilder t)
    {
        var name = r.Pick(Lexicon.Packages);
        var version = Semver(r);
        t.Append('"').Append(name).Append("@^").Append(version).Append("\":\n  version \"").Append(version).Append("\"\n");
        t.Append("  resolved \"https://registry.yarnpkg.com/").Append(name).Append("/-/").Append(name.Replace("@", string.Empty, StringComparison.Ordinal))
            .Append('-').Append(version).Append(".tgz#").Append(r.Hex(40)).Append("\"\n");
        t.Append("  integrity sha512-").Append(Convert.ToBase64String(r.Bytes(64))).Append("\n\n");
    }

    private static void ChecksumsBlock(DeterministicRandom r, StringBuilder t)
    {
        var noun = r.Pick(Lexicon.Nouns);
        var version = Semver(r);
        foreach (var target in new[] { "linux-x64", "linux-arm64", "osx-arm64", "win-x64" })
        {
            t.Append(r.Hex(64)).Append("  ").Append(noun).Append('-').Append(version).Append('-').Append(target).Append(".tar.gz\n");
        }

        t.Append("# sha1 ").Append(r.Hex(40)).Append("  ").Append(noun).Append('-').Append(version).Append(".nupkg\n");
        t.Append("# md5  ").Append(r.Hex(32)).Append("  ").Append(noun).Append('-').Append(version).Append(".zip\n");
    }

    private static void FixturesBlock(DeterministicRandom r, StringBuilder t)
    {
        for (var i = r.Next(4, 9); i > 0; i--)
        {
            var day = r.Next(1, 28).ToString("00", CultureInfo.InvariantCulture);
            if (r.Chance(0.5))
            {
                t.Append("INSERT INTO leads (id, campaign_id, email, created_at, etag) VALUES ('").Append(r.Uuid()).Append("', '").Append(r.Uuid())
                    .Append("', '").Append(r.Pick(Lexicon.Nouns)).Append('.').Append(r.LowerAlphanumeric(5)).Append("@example.com', '2024-03-").Append(day)
                    .Append("', '").Append(r.Hex(32)).Append("');\n");
            }
            else
            {
                t.Append(r.Uuid()).Append(',').Append(r.Uuid()).Append(',').Append(r.LowerAlphanumeric(6)).Append("@example.org,2024-04-").Append(day)
                    .Append(',').Append(r.Hex(40)).Append('\n');
            }
        }
    }

    private static void DataUriBlock(DeterministicRandom r, StringBuilder t)
    {
        t.Append(".icon-").Append(r.Pick(Lexicon.Nouns)).Append('-').Append(r.Hex(4)).Append(" {\n  background-image: url(\"data:image/png;base64,")
            .Append(Png(r, r.Next(200, 1600))).Append("\");\n  width: 16px;\n}\n");
    }

    private static void SnapshotBlock(DeterministicRandom r, StringBuilder t)
    {
        var name = Pascal(r.Pick(Lexicon.Nouns)) + Pascal(r.Pick(Lexicon.Verbs));
        t.Append("exports[`").Append(name).Append(" renders ").Append(r.Next(1, 9).ToString(CultureInfo.InvariantCulture)).Append("`] = `\n{\n");
        t.Append("  \"requestId\": \"").Append(r.Uuid()).Append("\",\n");
        switch (r.Next(4))
        {
            case 0:
                // Base64 of printable JSON: decodes to text, holds nothing secret.
                var json = "{\"campaign\":\"" + r.Uuid() + "\",\"step\":" + r.Next(9).ToString(CultureInfo.InvariantCulture) + ",\"variant\":\"" + r.Pick(Lexicon.Adjectives) + "\"}";
                t.Append("  \"cursor\": \"").Append(Convert.ToBase64String(Encoding.ASCII.GetBytes(json))).Append("\",\n");
                break;
            case 1:
                // A session id shaped like an Instantly key (uuid:uuid) that its validator must reject.
                t.Append("  \"session\": \"").Append(Convert.ToBase64String(Encoding.ASCII.GetBytes(r.Uuid() + ":" + r.Uuid()))).Append("\",\n");
                break;
            default:
                break;
        }

        t.Append("  \"payload\": \"").Append(Convert.ToBase64String(r.Bytes(r.Next(24, 700)))).Append("\",\n");
        t.Append("  \"nonce\": \"").Append(Convert.ToBase64String(r.Bytes(r.Next(12, 48)))).Append("\"\n}\n`;\n\n");
    }

    private static void ShellBlock(DeterministicRandom r, StringBuilder t)
    {
        var noun = r.Pick(Lexicon.Nouns);
        t.Append(r.Pick(Lexicon.Verbs)).Append('_').Append(noun).Append("() {\n");
        t.Append("  curl -fsSL -H \"Authorization: Bearer ${").Append(r.Pick(Lexicon.EnvNames)).Append(":?}\" \\\n    \"https://api.instantly.ai/api/v2/")
            .Append(noun).Append("s?limit=").Append(r.Next(10, 100).ToString(CultureInfo.InvariantCulture)).Append("\"\n}\n");
        t.Append("export IMAGE_DIGEST=sha256:").Append(r.Hex(64)).Append('\n');
        if (r.Chance(0.3))
        {
            t.Append("echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > \"$HOME/.npmrc\"\n");
        }

        t.Append("git -C \"$REPO\" checkout --quiet ").Append(r.Hex(40)).Append("\n\n");
    }

    private static void PropertiesBlock(DeterministicRandom r, StringBuilder t)
    {
        var noun = r.Pick(Lexicon.Nouns);
        t.Append("app.").Append(noun).Append(".id=").Append(r.Uuid()).Append('\n');
        t.Append("app.").Append(noun).Append(".api-key=").Append(r.Pick(Lexicon.Placeholders)).Append('\n');
        t.Append("app.").Append(noun).Append(".digest=").Append(r.Hex(64)).Append('\n');
        if (r.Chance(0.3))
        {
            t.Append("app.").Append(noun).Append(".datasource-url=postgres://app:${DB_PASSWORD}@db:5432/").Append(noun).Append('\n');
        }

        t.Append("app.").Append(noun).Append(".version=").Append(Semver(r)).Append('\n');
        t.Append("app.").Append(noun).Append(".timeout-ms=").Append(r.Next(100, 30000).ToString(CultureInfo.InvariantCulture)).Append("\n\n");
    }

    private static void MinifiedBlock(DeterministicRandom r, StringBuilder t)
    {
        // Statements of a minified bundle, no newlines: short names, string literals, hashes and a version.
        for (var i = r.Next(8, 16); i > 0; i--)
        {
            var name = r.String(1, "abcdefghijklmnopqrstuvwxyz") + r.LowerAlphanumeric(r.Next(0, 2));
            switch (r.Next(6))
            {
                case 0:
                    t.Append("function ").Append(name).Append("(e,t){return e.").Append(r.Pick(Lexicon.Verbs)).Append("(t)||null}");
                    break;
                case 1:
                    t.Append("var ").Append(name).Append("=\"").Append(r.Pick(Lexicon.Nouns)).Append('-').Append(r.Hex(8)).Append("\";");
                    break;
                case 2:
                    t.Append(name).Append(".prototype.").Append(r.Pick(Lexicon.Verbs)).Append("=function(){this.").Append(r.Pick(Lexicon.Nouns)).Append("=[]};");
                    break;
                case 3:
                    t.Append("const ").Append(name).Append("={id:\"").Append(r.Uuid()).Append("\",v:\"").Append(Semver(r)).Append("\"};");
                    break;
                case 4:
                    t.Append("if(!").Append(name).Append(")throw new Error(\"").Append(r.Pick(Lexicon.Sentences)).Append("\");");
                    break;
                default:
                    t.Append(name).Append(".push(\"").Append(Convert.ToBase64String(r.Bytes(r.Next(6, 30)))).Append("\");");
                    break;
            }
        }
    }

    private static void TextBlock(DeterministicRandom r, StringBuilder t)
    {
        for (var i = r.Next(3, 7); i > 0; i--)
        {
            t.Append(r.Pick(Lexicon.Sentences)).Append('\n');
        }

        t.Append("ref: ").Append(r.Hex(40)).Append("  build: ").Append(r.Uuid()).Append("\n\n");
    }

    /// <summary>An OpenSSH ed25519 public key body: string "ssh-ed25519" and 32 key bytes, length-prefixed.</summary>
    private static string Ed25519PublicKey(DeterministicRandom r)
    {
        var bytes = new byte[4 + 11 + 4 + 32];
        bytes[3] = 11;
        Encoding.ASCII.GetBytes("ssh-ed25519").CopyTo(bytes, 4);
        bytes[18] = 32;
        r.Bytes(32).CopyTo(bytes, 19);
        return Convert.ToBase64String(bytes);
    }

    private static string Png(DeterministicRandom r, int length)
    {
        var bytes = r.Bytes(length);
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52];
        signature.CopyTo(bytes);
        return Convert.ToBase64String(bytes);
    }

    public static string Semver(DeterministicRandom r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Next(0, 9)}.{r.Next(0, 30)}.{r.Next(0, 40)}") + (r.Chance(0.1) ? "-rc." + r.Next(1, 5).ToString(CultureInfo.InvariantCulture) : string.Empty);

    public static string Pascal(string word) => string.Concat(char.ToUpperInvariant(word[0]).ToString(), word[1..]);
}
