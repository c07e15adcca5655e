namespace Keyward.Rotation;

/// <summary>Named moments in a rotation where the crash test stops the process: when <c>KEYWARD_FAULT_PAUSE</c> names
/// one, the process writes the name to the file <c>KEYWARD_FAULT_SIGNAL</c> names and then waits forever, so the test
/// can SIGKILL it at exactly that moment. Both variables unset (always, outside tests), a point does nothing.</summary>
/// <remarks>Points sit at every step boundary and inside the create call (after the vendor made the key, before its
/// value is journaled). docs/rotation.md lists them with what a resume does from each.</remarks>
internal static class RotationFaultPoints
{
    public const string PauseVariable = "KEYWARD_FAULT_PAUSE";
    public const string SignalVariable = "KEYWARD_FAULT_SIGNAL";

    /// <summary>Every point, in the order a rotation reaches them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "planned",
        "creating",
        "create:response-received",
        "created",
        "stored",
        "tested",
        "promoted",
        "grace:waiting",
        "revoked",
    ];

    /// <summary>Stops here if the crash test asked to.</summary>
    public static void Reach(string point)
    {
        if (Environment.GetEnvironmentVariable(PauseVariable) != point || Environment.GetEnvironmentVariable(SignalVariable) is not { Length: > 0 } signal)
        {
            return;
        }

        File.WriteAllText(signal, point);
        Thread.Sleep(Timeout.Infinite);
    }
}
