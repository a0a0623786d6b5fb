using Adapters.Redis.Protocol;

namespace Adapters.Redis.Connection;

/// <summary>Turns a complete, non-error reply into a result; the reader is positioned on the reply's header.</summary>
internal delegate T ReplyParser<out T>(ref RespReader reader);
