using Keyward.Core.Text;
using Microsoft.Extensions.Logging;

namespace Keyward.Webhooks.Receiver;

/// <summary>Writes log messages as single lines, <c>keyward webhooks: warning: ...</c>, for <c>keyward webhooks
/// serve</c>'s stderr: information and above from Keyward's own categories, warnings and above from the rest (so not
/// the host's start-up chatter), except the host's "failed to start", which reaches the caller as an exception. Only
/// the formatted message is written, on one line (<see cref="TerminalText.OneLine"/>), never an exception's stack
/// trace. Thread-safe.</summary>
internal sealed class LineLoggerProvider(TextWriter writer) : ILoggerProvider
{
    // The host logs "Hosting failed to start" (event 11 of this category) before the start's exception reaches the
    // caller, who prints it; its other errors, such as a background service that failed, are printed.
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private const int HostStartupFaulted = 11;

    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new LineLogger(
        this,
        categoryName.StartsWith("Keyward.", StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning,
        skipStartupFault: categoryName == HostCategory);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private sealed class LineLogger(LineLoggerProvider provider, LogLevel minimum, bool skipStartupFault) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && !(skipStartupFault && eventId.Id == HostStartupFaulted))
            {
                var level = logLevel switch
                {
                    LogLevel.Critical or LogLevel.Error => "error",
                    LogLevel.Warning => "warning",
                    _ => "info",
                };
                provider.Write($"keyward webhooks: {level}: {TerminalText.OneLine(formatter(state, exception))}");
            }
        }
    }
}
