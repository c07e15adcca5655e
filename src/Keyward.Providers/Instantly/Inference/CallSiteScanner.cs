using System.Text.RegularExpressions;
using Keyward.Core.IO;
using Keyward.Providers.Instantly.Planning;

namespace Keyward.Providers.Instantly.Inference;

/// <summary>Finds Instantly API v2 calls in a source tree of any language and infers the scopes they need.</summary>
/// <remarks>
/// <para>
/// The scan is textual, so it works on C#, TypeScript, Python, Go, shell and anything else: it finds
/// <c>/api/v2/…</c> paths (and, in files that mention Instantly, paths relative to a base URL such as
/// <c>`${BASE}/campaigns/${id}`</c>), replaces interpolated values with placeholders, and looks for the HTTP method
/// on the same line, then on nearby lines of the same call. A path or method it cannot resolve is reported with
/// its location, never guessed.
/// </para>
/// <para>Symbolic links are not followed. Instances are immutable and safe to share between threads.</para>
/// </remarks>
public sealed partial class CallSiteScanner
{
    private static readonly HashSet<string> SkippedDirectories = new(
        [".git", ".hg", ".svn", "node_modules", "bin", "obj", "artifacts", ".venv", "venv", "__pycache__", "dist", "build", "target", "vendor", ".keyward"],
        StringComparer.Ordinal);

    // Prose and data files list endpoints without calling them; scanning them would invent call sites.
    private static readonly HashSet<string> SkippedExtensions = new(
        [".md", ".markdown", ".rst", ".txt", ".adoc", ".json", ".lock", ".map", ".svg", ".csv", ".log", ".sum"],
        StringComparer.OrdinalIgnoreCase);

    private readonly InstantlyOperationCatalog _catalog;
    private readonly ScopeInferenceOptions _options;

    /// <summary>Initializes a new instance of the <see cref="CallSiteScanner"/> class.</summary>
    /// <param name="catalog">The operation catalog; usually <see cref="InstantlyOperationCatalog.Default"/>.</param>
    /// <param name="options">Limits; defaults when <see langword="null"/>.</param>
    public CallSiteScanner(InstantlyOperationCatalog catalog, ScopeInferenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _options = options ?? new ScopeInferenceOptions();
    }

    /// <summary>Scans every file under <paramref name="root"/> (or the one file it names).</summary>
    /// <param name="root">A directory or a file.</param>
    /// <param name="cancellationToken">Stops the scan between files.</param>
    /// <returns>The call sites, the plan for those that resolved, and the files skipped.</returns>
    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> does not exist.</exception>
    public InferenceReport Scan(string root, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        var callSites = new List<CallSite>();
        var skipped = new List<SkippedFile>();
        var scanned = 0;
        var fullRoot = Path.GetFullPath(root);
        IEnumerable<FileInfo> files;
        string baseDirectory;
        if (File.Exists(fullRoot))
        {
            files = [new FileInfo(fullRoot)];
            baseDirectory = Path.GetDirectoryName(fullRoot)!;
        }
        else if (Directory.Exists(fullRoot))
        {
            files = FileTree.Walk(new DirectoryInfo(fullRoot), d => SkippedDirectories.Contains(d.Name));
            baseDirectory = fullRoot;
        }
        else
        {
            throw new DirectoryNotFoundException($"'{root}' does not exist; give a directory or a file to scan");
        }

        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = Path.GetRelativePath(baseDirectory, file.FullName).Replace('\\', '/');
            if (SkippedExtensions.Contains(file.Extension))
            {
                continue;
            }

            var text = ReadText(file, relative, skipped);
            if (text is null)
            {
                continue;
            }

            scanned++;
            callSites.AddRange(ScanText(relative, text));
        }

        var plan = ScopePlanner.Plan(callSites.Where(c => c.Operation is not null).Select(c => c.Operation!));
        return new InferenceReport(callSites, plan, scanned, skipped);
    }

    /// <summary>Scans the text of one file.</summary>
    /// <param name="file">The name to report call sites under.</param>
    /// <param name="text">The file's content.</param>
    /// <returns>The call sites in line order.</returns>
    public IReadOnlyList<CallSite> ScanText(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(text);
        var mentionsApiPath = text.Contains("/api/v2/", StringComparison.Ordinal);
        var mentionsInstantly = text.Contains("instantly", StringComparison.OrdinalIgnoreCase);
        if (!mentionsApiPath && !mentionsInstantly)
        {
            return [];
        }

        var lines = text.Split('\n');
        var found = new List<(int Line, int Column, string Path)>();
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var (column, path) in FindPaths(lines[i], mentionsInstantly))
            {
                found.Add((i, column, path));
            }
        }

        var barrierLines = found.Select(f => f.Line).ToHashSet();
        return found
            .Select(f => Resolve(file, lines, barrierLines, f.Line, f.Column, f.Path))
            .ToArray();
    }

    private IEnumerable<(int Column, string Path)> FindPaths(string line, bool relativeAllowed)
    {
        foreach (Match match in AbsolutePathRegex().Matches(line))
        {
            yield return (match.Index + 1, Normalize(match.Value, line, match.Index + match.Length));
        }

        if (!relativeAllowed)
        {
            yield break;
        }

        foreach (Match match in RelativePathRegex().Matches(line))
        {
            if (_catalog.TopLevelSegments.Contains(match.Groups["slug"].Value))
            {
                yield return (match.Index + 1, Normalize(match.Value, line, match.Index + match.Length));
            }
        }
    }

    /// <summary>Replaces interpolated segments with <c>{}</c> and follows string concatenation.</summary>
    private static string Normalize(string path, string line, int end)
    {
        var concatenation = ConcatenationRegex().Match(line, end);
        if (concatenation.Success && path.EndsWith('/'))
        {
            path += "{}" + concatenation.Groups["more"].Value;
        }

        var segments = OperationPath.Split(path)
            .Select(s => s.Contains('{', StringComparison.Ordinal) || s.Contains('%', StringComparison.Ordinal) || s[0] is ':' or '<' ? "{}" : s);
        return "/" + string.Join('/', segments);
    }

    private CallSite Resolve(string file, string[] lines, HashSet<int> barrierLines, int line, int column, string path)
    {
        var method = FindMethod(lines, barrierLines, line, column - 1);
        var candidates = _catalog.FindByPath(path);
        var display = path.StartsWith(InstantlyOperationCatalog.PathPrefix + "/", StringComparison.Ordinal)
            ? path
            : InstantlyOperationCatalog.PathPrefix + path;
        if (candidates.Count == 0)
        {
            return new CallSite(file, line + 1, column, method, display, null, "not an Instantly API v2 path in the catalog");
        }

        if (method is null)
        {
            var options = string.Join(", ", candidates.Select(c => $"{c.Method} ({c.RequiredScope})"));
            return new CallSite(file, line + 1, column, null, display, null, $"HTTP method not found near the call; the path accepts {options}");
        }

        var operation = candidates.FirstOrDefault(c => c.Method == method);
        return operation is null
            ? new CallSite(file, line + 1, column, method, display, null, $"{method} is not an operation on {candidates[0].PathTemplate}; it accepts {string.Join(", ", candidates.Select(c => c.Method))}")
            : new CallSite(file, line + 1, column, method, display, operation, null);
    }

    private string? FindMethod(string[] lines, HashSet<int> barrierLines, int line, int index)
    {
        var sameLine = Tokens(lines[line]).ToArray();
        var explicitTokens = sameLine.Where(t => t.Kind != TokenKind.DefaultGet).ToArray();
        if (explicitTokens.Length > 0)
        {
            return explicitTokens.MinBy(t => Math.Abs(t.Index - index)).Method;
        }

        // Look outwards, line by line, previous before next, until another call site or the window ends. Once a
        // call that defaults to GET (fetch, curl) is seen, only a "method:" option below it can override it.
        var defaultGet = sameLine.Any(t => t.Kind == TokenKind.DefaultGet);
        bool upOpen = !defaultGet, downOpen = true;
        for (var distance = 1; distance <= _options.MethodSearchLines && (upOpen || downOpen); distance++)
        {
            foreach (var (candidate, isUp) in new[] { (line - distance, true), (line + distance, false) })
            {
                if (isUp ? !upOpen : !downOpen)
                {
                    continue;
                }

                if (candidate < 0 || candidate >= lines.Length || barrierLines.Contains(candidate))
                {
                    upOpen &= !isUp;
                    downOpen &= isUp;
                    continue;
                }

                foreach (var token in Tokens(lines[candidate]))
                {
                    if (token.Kind == TokenKind.MethodOption || (token.Kind == TokenKind.Call && !defaultGet))
                    {
                        return token.Method;
                    }

                    if (token.Kind == TokenKind.DefaultGet && !defaultGet)
                    {
                        defaultGet = true;
                        upOpen = false;
                    }
                }
            }
        }

        return defaultGet ? "GET" : null;
    }

    private static IEnumerable<(string Method, int Index, TokenKind Kind)> Tokens(string line)
    {
        foreach (Match match in MethodPropertyRegex().Matches(line))
        {
            yield return (match.Groups["m"].Value.ToUpperInvariant(), match.Index, TokenKind.MethodOption);
        }

        foreach (var regex in CallMethodRegexes)
        {
            foreach (Match match in regex.Matches(line))
            {
                yield return (match.Groups["m"].Value.ToUpperInvariant(), match.Index, TokenKind.Call);
            }
        }

        foreach (Match match in DefaultGetRegex().Matches(line))
        {
            yield return ("GET", match.Index, TokenKind.DefaultGet);
        }
    }

    private static readonly Regex[] CallMethodRegexes =
        [HttpMethodEnumRegex(), MethodCallRegex(), QuotedMethodRegex(), CurlMethodRegex()];

    private string? ReadText(FileInfo file, string relative, List<SkippedFile> skipped)
    {
        if (TextFile.TryRead(file, _options.MaxFileBytes, out var text, out var skipReason))
        {
            return text;
        }

        skipped.Add(new SkippedFile(relative, skipReason));
        return null;
    }

    private const string Segment = @"(?:[A-Za-z0-9_.~\-]+|\$?\{[^{}\s""'`]*\}|%[sdv]|:[A-Za-z_]\w*|<[A-Za-z_]\w*>)+";

    [GeneratedRegex(@"/api/v2(?:/" + Segment + ")+/?")]
    private static partial Regex AbsolutePathRegex();

    [GeneratedRegex(@"(?<=[""'`}]|%s)/(?<slug>[a-z][a-z-]*)(?![A-Za-z0-9_-])(?:/" + Segment + ")*/?")]
    private static partial Regex RelativePathRegex();

    [GeneratedRegex(@"\G[""'`]\s*\+\s*[^""'`;,()+]+(?:\+\s*[""'`](?<more>/[^""'`\s?#]*))?")]
    private static partial Regex ConcatenationRegex();

    [GeneratedRegex(@"\bmethod\s*[:=]\s*(?:HttpMethod\.|http\.Method)?[""'`]?(?<m>get|post|put|patch|delete)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MethodPropertyRegex();

    [GeneratedRegex(@"\b(?:HttpMethod\.|http\.Method)(?<m>Get|Post|Put|Patch|Delete)\b")]
    private static partial Regex HttpMethodEnumRegex();

    [GeneratedRegex(@"(?<!environ|headers|params|getenv)\.(?<m>get|post|put|patch|delete)(?:Async|AsJsonAsync|FromJsonAsync|StringAsync|StreamAsync|ByteArrayAsync)?\s*(?:<[^<>()]*>)?\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex MethodCallRegex();

    [GeneratedRegex(@"[""'`](?<m>GET|POST|PUT|PATCH|DELETE)[""'`]")]
    private static partial Regex QuotedMethodRegex();

    [GeneratedRegex(@"(?:-X\s*|--request[\s=]+)[""']?(?<m>GET|POST|PUT|PATCH|DELETE)\b")]
    private static partial Regex CurlMethodRegex();

    [GeneratedRegex(@"\b(?:fetch|urlopen|curl|wget)\b")]
    private static partial Regex DefaultGetRegex();

    private enum TokenKind
    {
        /// <summary>An option naming the method inside a call's arguments: <c>method: "POST"</c>.</summary>
        MethodOption,

        /// <summary>A call or constant that names its method: <c>PostAsync(</c>, <c>HttpMethod.Delete</c>, <c>"PATCH"</c>.</summary>
        Call,

        /// <summary>A call that is GET unless an option says otherwise: <c>fetch(</c>, <c>curl</c>.</summary>
        DefaultGet,
    }
}
