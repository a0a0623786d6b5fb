namespace Adapters.Redis.Connection;

/// <summary>The rule every pub/sub channel option of the providers follows.</summary>
internal static class ChannelName
{
    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="optionName"/> when <paramref name="channel"/> is unusable.</summary>
    public static void Validate(string? channel, string optionName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel, optionName);

        // A control character would not survive logs and redis-cli, where operators look for the channel.
        if (channel.Any(char.IsControl))
        {
            throw new ArgumentException("The channel name cannot contain control characters.", optionName);
        }
    }
}
