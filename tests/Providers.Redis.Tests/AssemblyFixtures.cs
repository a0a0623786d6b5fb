using Xunit;

[assembly: AssemblyFixture(typeof(Adapters.TestServers.RedisServers))]
