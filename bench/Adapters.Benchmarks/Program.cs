using BenchmarkDotNet.Running;

// Micro-benchmarks (BenchmarkDotNet). The speed targets of the issues live in `adapters bench NAME`;
// these explain where the time goes. Run: dotnet run -c Release --project bench/Adapters.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
