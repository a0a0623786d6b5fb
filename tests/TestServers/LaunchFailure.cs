namespace Adapters.TestServers;

/// <summary>Why a redis process did not become ready, and whether another port might help.</summary>
internal sealed record LaunchFailure(string Message, bool AddressInUse);
