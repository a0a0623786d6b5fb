namespace Adapters.Redis.Connection;

/// <summary>Handles cluster redirection errors for a command before its caller sees them.</summary>
internal interface IRedirector
{
    /// <summary>Re-sends <paramref name="pending"/> where <paramref name="error"/> points and returns true, or returns false to let the error through.</summary>
    bool TryRedirect(PendingReply pending, string error);
}
