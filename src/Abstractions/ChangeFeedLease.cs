namespace Adapters;

/// <summary>A processing lease on a consumer group, identified by a random token checked at commit.</summary>
/// <param name="Group">The consumer group the lease covers.</param>
/// <param name="Token">The holder's token; a commit with another token is refused (fencing).</param>
public sealed record ChangeFeedLease(string Group, string Token);
