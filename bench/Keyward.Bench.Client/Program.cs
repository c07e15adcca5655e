using BenchmarkDotNet.Running;
using Keyward.Bench.Client;

// dotnet run -c Release --project bench/Keyward.Bench.Client   (about a minute; results in BenchmarkDotNet.Artifacts/)
BenchmarkRunner.Run<GuardOverhead>(args: args);
