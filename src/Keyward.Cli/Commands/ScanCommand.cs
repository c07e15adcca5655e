using System.CommandLine;
using Keyward.Scanning;
using Keyward.Scanning.Reporting;
using Keyward.Scanning.Verification;

namespace Keyward.Cli.Commands;

/// <summary><c>keyward scan</c>: find leaked keys in files, in the whole git history, or in staged changes.</summary>
internal static class ScanCommand
{
    public static Command Create(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "Directory or file to scan (a directory in the repository for --git/--staged)", DefaultValueFactory = _ => "." };
        var git = new Option<bool>("--git") { Description = "Scan the complete git history of all refs, each unique blob once" };
        var staged = new Option<bool>("--staged") { Description = "Scan the files staged for commit (what the pre-commit hook runs)" };
        var since = new Option<string?>("--since") { Description = "With history: only commits not reachable from REV (implies --git)", HelpName = "REV" };
        var format = new Option<string>("--format") { Description = "Report format", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var output = new Option<string?>("--output") { Description = "Write the report to FILE instead of stdout", HelpName = "FILE" };
        var baseline = new Option<string?>("--baseline") { Description = "A previous JSON report: its findings are not reported again", HelpName = "FILE" };
        var noRedact = new Option<bool>("--no-redact") { Description = "Print secrets in full (they are redacted by default)" };
        var rules = new Option<string?>("--rules") { Description = "Use the rules in FILE instead of the built-in rules", HelpName = "FILE" };
        var respectGitignore = new Option<bool>("--respect-gitignore") { Description = "Skip files that .gitignore ignores (directory scans)" };
        var verify = new Option<bool>("--verify") { Description = "Ask Instantly and Salesloft whether found keys are live (sends each key once, read-only)" };

        var command = new Command("scan", "Find leaked API keys and secrets; exit 1 when any are found")
        {
            path, git, staged, since, format, output, baseline, noRedact, rules, respectGitignore, verify,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(git) && result.GetValue(staged))
            {
                result.AddError("--git and --staged cannot be combined: history or the index, not both");
            }

            if (result.GetValue(staged) && result.GetValue(since) is not null)
            {
                result.AddError("--since applies to history scans, not to --staged");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new ScanRequest
            {
                Path = parse.GetValue(path)!,
                Mode = parse.GetValue(staged) ? ScanMode.Staged
                    : parse.GetValue(git) || parse.GetValue(since) is not null ? ScanMode.History
                    : ScanMode.Directory,
                Since = parse.GetValue(since),
                RulesFile = parse.GetValue(rules),
                BaselineFile = parse.GetValue(baseline),
                RespectGitignore = parse.GetValue(respectGitignore),
            };
            using var http = parse.GetValue(verify) ? new HttpClient() : null;
            if (http is not null)
            {
                request.Verifier = new KeyVerifier(http, VerifierOptions(parse), TimeProvider.System);
            }

            var result = await ScanRunner.RunAsync(request, ProgressLine.For(console), cancellationToken).ConfigureAwait(false);
            var reporter = ReportFormat.For(parse.GetValue(format)!);
            var target = parse.GetValue(output);
            var options = new ReportOptions { Redact = !parse.GetValue(noRedact) };
            if (target is null)
            {
                options.Color = console.IsTerminal;
                reporter.Write(result, console.Output, options);
            }
            else
            {
                await using (var file = new StreamWriter(target))
                {
                    reporter.Write(result, file, options);
                }

                await console.Error.WriteLineAsync($"{result.Findings.Count} finding(s); report written to {target}").ConfigureAwait(false);
            }

            return result.Findings.Count == 0 ? ExitCodes.Clean : ExitCodes.Findings;
        });
        return command;
    }

    private static KeyVerifierOptions VerifierOptions(ParseResult parse)
    {
        var options = new KeyVerifierOptions();
        var instantly = parse.GetValue(KeywardCli.BaseUrlOption)?.ToString() ?? Environment.GetEnvironmentVariable("INSTANTLY_BASE_URL");
        var salesloft = Environment.GetEnvironmentVariable("SALESLOFT_BASE_URL");
        if (!string.IsNullOrWhiteSpace(instantly))
        {
            options.InstantlyBaseUrl = ParseUrl(instantly, "--base-url / INSTANTLY_BASE_URL");
        }

        if (!string.IsNullOrWhiteSpace(salesloft))
        {
            options.SalesloftBaseUrl = ParseUrl(salesloft, "SALESLOFT_BASE_URL");
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw UsageException.From(e);
        }

        return options;
    }

    private static Uri ParseUrl(string text, string source) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new UsageException($"{source} must be an absolute http(s) URL, not '{text}'");
}
