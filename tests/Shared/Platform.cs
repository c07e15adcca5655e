// The suites drive real git, POSIX file modes, symlinks and processes: they run on Linux (dev machines and CI).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
