namespace Keyward.Cli.Tests;

/// <summary>Tests that set process-wide environment variables (KEYWARD_MASTER_KEY, KEYWARD_AUDIT_STORE) run one at a
/// time in this collection, since the CLI runs in-process.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessEnvironment
{
    public const string Name = "process environment";
}
