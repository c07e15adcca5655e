using System.Diagnostics;
using System.Text;
using Keyward.Core.IO;
using Keyward.Core.Secrets;

namespace Keyward.Secrets.Stores;

/// <summary><c>dotenv:PATH#NAME</c>: a .env file, for projects that already keep keys there. Writes rewrite the file
/// atomically (temp file, fsync, rename; mode 0600) keeping every other line, comment and order as it was.</summary>
/// <remarks>
/// A .env line holds one value, so labels other than current live beside it as <c>NAME__KEYWARD_PENDING</c> and
/// <c>NAME__KEYWARD_PREVIOUS</c>, and a version id is a fingerprint of its value. <see cref="TrackedWarning"/> says
/// when git tracks the file, which is the leak this store is most often the cause of. Writers in several processes
/// take turns on a lock file beside it.
/// </remarks>
public sealed class DotenvSecretStore : ISecretStore
{
    /// <summary>The scheme this store handles.</summary>
    public const string Scheme = "dotenv";

    /// <inheritdoc/>
    public event EventHandler<SecretReference>? Changed;

    /// <inheritdoc/>
    public bool IsReadOnly => false;

    /// <summary>Returns a warning when git tracks the .env file of <paramref name="reference"/>, or null.</summary>
    /// <param name="reference">A dotenv reference.</param>
    /// <returns>The warning, naming the file and the fix.</returns>
    public static string? TrackedWarning(SecretReference reference)
    {
        var (path, _) = Locate(reference);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-C", Path.GetDirectoryName(path)!, "ls-files", "--error-unmatch", Path.GetFileName(path)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (git is null)
            {
                return null;
            }

            git.WaitForExit();
            return git.ExitCode == 0
                ? $"{path} is tracked by git: every value in it is in the repository's history; run 'git rm --cached {Path.GetFileName(path)}', add it to .gitignore, and rotate its keys"
                : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git here
        }
    }

    /// <inheritdoc/>
    public bool CanResolve(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Scheme == Scheme;
    }

    /// <inheritdoc/>
    public ValueTask<SecretValue> ResolveAsync(SecretReference reference, CancellationToken cancellationToken = default) =>
        GetAsync(reference, SecretLabels.Current, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<SecretValue> GetAsync(SecretReference reference, string label, CancellationToken cancellationToken = default)
    {
        var (path, name) = Locate(reference);
        var values = Read(path);
        return values.TryGetValue(Key(name, label), out var value) && value.Length > 0
            ? ValueTask.FromResult(new SecretValue(value))
            : throw new SecretNotFoundException($"{reference} has no version labelled '{label}'");
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SecretVersionInfo>> GetVersionsAsync(SecretReference reference, CancellationToken cancellationToken = default)
    {
        var (path, name) = Locate(reference);
        var values = Read(path);
        var created = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        IReadOnlyList<SecretVersionInfo> versions = [.. new[] { SecretLabels.Pending, SecretLabels.Current, SecretLabels.Previous }
            .Where(l => values.TryGetValue(Key(name, l), out var v) && v.Length > 0)
            .Select(l => new SecretVersionInfo(VersionId(values[Key(name, l)]), new DateTimeOffset(created, TimeSpan.Zero), [l]))];
        return ValueTask.FromResult(versions);
    }

    /// <inheritdoc/>
    public ValueTask<string> PutAsync(SecretReference reference, SecretValue value, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        SecretLabels.EnsureForNewVersion(label);

        var (path, name) = Locate(reference);
        Update(path, values =>
        {
            if (label == SecretLabels.Current && values.TryGetValue(name, out var old) && old.Length > 0)
            {
                values[Key(name, SecretLabels.Previous)] = old;
            }

            values[Key(name, label)] = value.Reveal();
        });
        Changed?.Invoke(this, reference);
        return ValueTask.FromResult(VersionId(value.Reveal()));
    }

    /// <inheritdoc/>
    public ValueTask PromoteAsync(SecretReference reference, string versionId, CancellationToken cancellationToken = default)
    {
        var (path, name) = Locate(reference);
        var changed = false;
        Update(path, values =>
        {
            if (values.TryGetValue(name, out var current) && VersionId(current) == versionId)
            {
                return; // already promoted
            }

            if (!values.TryGetValue(Key(name, SecretLabels.Pending), out var pending) || VersionId(pending) != versionId)
            {
                throw new SecretStoreException($"version {versionId} of {reference} is not pending; only the pending version can be promoted");
            }

            if (current is { Length: > 0 })
            {
                values[Key(name, SecretLabels.Previous)] = current;
            }

            values[name] = pending;
            values[Key(name, SecretLabels.Pending)] = string.Empty;
            changed = true;
        });
        if (changed)
        {
            Changed?.Invoke(this, reference);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> ListAsync(string? location = null, CancellationToken cancellationToken = default)
    {
        var path = Path.GetFullPath(location ?? ".env");
        IReadOnlyList<string> names = [.. Read(path).Where(p => p.Value.Length > 0).Select(p => p.Key).Where(k => !k.Contains("__KEYWARD_", StringComparison.Ordinal))];
        return ValueTask.FromResult(names);
    }

    private static string Key(string name, string label) => label == SecretLabels.Current ? name : $"{name}__KEYWARD_{label.ToUpperInvariant()}";

    private static string VersionId(string value) => new SecretValue(value).Sha256Hex()[..16];

    private static (string Path, string Name) Locate(SecretReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var hash = reference.Location.LastIndexOf('#');
        var name = hash < 0 ? string.Empty : reference.Location[(hash + 1)..];
        return reference.Scheme != Scheme || hash <= 0 || name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            ? throw new SecretStoreException($"'{reference}' must be dotenv:PATH#NAME with a NAME of letters, digits, '_', '.' and '-', for example dotenv:.env#INSTANTLY_API_KEY")
            : (Path.GetFullPath(reference.Location[..hash]), name);
    }

    private static Dictionary<string, string> Read(string path) =>
        File.Exists(path) ? DotEnv.Parse(File.ReadAllLines(path)).GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal) : [];

    /// <summary>Applies a change to the values and rewrites the file: existing lines keep their place (a value set to
    /// empty drops its line), new names are appended, comments stay.</summary>
    private static void Update(string path, Action<Dictionary<string, string>> change)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (FileLock.Acquire(path + ".lock", TimeProvider.System))
        {
            var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : [];
            var values = Read(path);
            var before = new Dictionary<string, string>(values, StringComparer.Ordinal);
            change(values);
            var output = new List<string>();
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in lines)
            {
                var parsed = DotEnv.Parse([line]).FirstOrDefault();
                if (parsed.Name is null || !values.ContainsKey(parsed.Name))
                {
                    output.Add(line);
                    continue;
                }

                if (written.Add(parsed.Name) && values[parsed.Name].Length > 0)
                {
                    output.Add(values[parsed.Name] == before.GetValueOrDefault(parsed.Name) ? line : $"{parsed.Name}={Quote(values[parsed.Name])}");
                }
            }

            output.AddRange(values.Where(p => p.Value.Length > 0 && !written.Contains(p.Key)).Select(p => $"{p.Key}={Quote(p.Value)}"));
            PrivateFile.WriteAtomically(path, Encoding.UTF8.GetBytes(string.Concat(output.Select(line => line + "\n"))));
        }
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(" #\"'") >= 0 ? $"\"{value}\"" : value;
}
