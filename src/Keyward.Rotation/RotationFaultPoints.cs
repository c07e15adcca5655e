namespace Keyward.Rotation;

/// <summary>Named moments in a rotation where the crash test stops the process: when <c>KEYWARD_FAULT_PAUSE</c> names
/// one, the process writes the name to the file <c>KEYWARD_FAULT_SIGNAL</c> names and then waits forever, so the test
/// can SIGKILL it at exactly that moment. Both variables unset (always, outside tests), a point does nothing.</summary>
/// <remarks>Points, in the order a rotation reaches them: <c>planned</c>, <c>creating</c>,
/// <c>create:response-received</c> (inside the create call: the vendor made the key, its value is not journaled yet),
/// <c>created</c>, <c>stored</c>, <c>tested</c>, <c>promoted</c>, <c>grace:waiting</c>, <c>revoked</c>. docs/rotation.md
/// says what a resume does from each; the crash test kills at every one.</remarks>
internal static class RotationFaultPoints
{
    public const string PauseVariable = "KEYWARD_FAULT_PAUSE";
    public const string SignalVariable = "KEYWARD_FAULT_SIGNAL";

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
