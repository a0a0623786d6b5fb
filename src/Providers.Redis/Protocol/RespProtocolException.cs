namespace Adapters.Redis.Protocol;

/// <summary>The server sent bytes that are not valid RESP; the connection cannot be trusted any more and is dropped.</summary>
internal sealed class RespProtocolException(string message) : Exception(message);
