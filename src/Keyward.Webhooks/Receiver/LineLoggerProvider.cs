using Microsoft.Extensions.Logging;

namespace Keyward.Webhooks.Receiver;

/// <summary>Writes log messages as single lines, <c>keyward webhooks: warning: ...</c>, for <c>keyward webhooks
/// serve</c>'s stderr: information and above from Keyward's own categories, warnings and above from the rest (so not
/// the host's start-up chatter), nothing from the host itself, whose failures reach the caller as exceptions. Only
/// the formatted message is written, on one line with control characters blanked, never an exception's stack trace.
/// Thread-safe.</summary>
internal sealed class LineLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName switch
    {
        _ when categoryName.StartsWith("Keyward.", StringComparison.Ordinal) => LogLevel.Information,

        // The host logs "Hosting failed to start" before the start's exception reaches the caller, who prints it.
        "Microsoft.Extensions.Hosting.Internal.Host" => LogLevel.None,
        _ => LogLevel.Warning,
    });

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

    /// <summary>Keeps a message to its line: an exception's message may span several, and a control character (an
    /// escape sequence) must not reach the terminal.</summary>
    private static string OneLine(string message) =>
        message.Any(char.IsControl) ? string.Concat(message.Select(c => char.IsControl(c) ? ' ' : c)) : message;

    private sealed class LineLogger(LineLoggerProvider provider, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                var level = logLevel switch
                {
                    LogLevel.Critical or LogLevel.Error => "error",
                    LogLevel.Warning => "warning",
                    _ => "info",
                };
                provider.Write($"keyward webhooks: {level}: {OneLine(formatter(state, exception))}");
            }
        }
    }
}
