using Adapters.Redis.Protocol;

namespace Adapters.Redis.Connection;

/// <summary>Receives out-of-band frames: RESP3 pushes, and pub/sub messages on a RESP2 subscriber connection.</summary>
internal interface IPushHandler
{
    /// <summary>Returns true when the frame (reader on its header) was out-of-band and has been consumed.</summary>
    bool TryHandle(ref RespReader reader, PhysicalConnection connection);
}
