namespace Keyward.Posture.Admin;

/// <summary>A workspace admin request was refused before anything changed: the member does not exist or must not be
/// removed, or a value given is not a domain or an email address.</summary>
/// <remarks>The message says what to do instead; the CLI prints it and exits 2. Nothing was sent to Instantly that
/// changes the workspace, and nothing was audited.</remarks>
public sealed class WorkspaceAdminException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WorkspaceAdminException"/> class.</summary>
    public WorkspaceAdminException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkspaceAdminException"/> class.</summary>
    /// <param name="message">What was refused and what to do instead.</param>
    public WorkspaceAdminException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="WorkspaceAdminException"/> class.</summary>
    /// <param name="message">What was refused and what to do instead.</param>
    /// <param name="innerException">The cause.</param>
    public WorkspaceAdminException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
