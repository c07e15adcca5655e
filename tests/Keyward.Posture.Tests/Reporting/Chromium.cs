using System.Diagnostics;

namespace Keyward.Posture.Tests.Reporting;

/// <summary>Debian's headless Chromium, driven from the command line (no driver or npm package needed).</summary>
/// <remarks>
/// Flags: <c>--no-sandbox</c> because tests run as root in CI; the <c>--disable-*</c> networking flags because the
/// machines have a closed network and Chromium would otherwise try to reach Google at start
/// (/work/.library/env/machines/dotnet.md, "Known to work"); <c>--force-color-profile=srgb</c> so a fill of
/// #f76707 is exactly that colour in the screenshot; a fresh <c>--user-data-dir</c> per run so runs share no state.
/// </remarks>
internal static class Chromium
{
    /// <summary>The path of the browser, or null when it is not installed. <c>KEYWARD_CHROMIUM</c> overrides it.</summary>
    public static string? Path { get; } = Find();

    public const string MissingMessage =
        "Chromium is not installed (looked for $KEYWARD_CHROMIUM, /usr/bin/chromium and chromium on PATH). "
        + "scripts/test.sh installs Debian's chromium package; by hand: apt-get install -y chromium.";

    /// <summary>Runs Chromium headless on <paramref name="url"/> with the extra arguments; returns its stdout.</summary>
    public static string Run(string url, TimeSpan timeout, params string[] arguments)
    {
        var browser = Path ?? throw new InvalidOperationException(MissingMessage);
        var profile = Directory.CreateTempSubdirectory("keyward-chromium-");
        try
        {
            var info = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])[
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--hide-scrollbars", "--force-color-profile=srgb", $"--user-data-dir={profile.FullName}", .. arguments, url])
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within {timeout.TotalSeconds} s: {error.Result}");
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited {process.ExitCode}: {error.Result}");
            }

            return output.Result;
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover profile must not fail a test.
            }
        }
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("KEYWARD_CHROMIUM") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, "chromium"))
            .Prepend("/usr/bin/chromium");
        return candidates.FirstOrDefault(File.Exists);
    }
}
