using Adapters.Compression.Internal;

namespace Adapters.Compression;

/// <summary>
/// Compresses the credentials and keys of any <see cref="IAuthStateStore"/> through a <see cref="ValueFramer"/>: values
/// of at least <see cref="ValueFramer.Threshold"/> bytes are compressed when that makes them smaller (Signal sessions,
/// app-state versions), smaller ones such as pre-keys are stored as they are. Reading decodes whatever the store
/// holds: frames of any codec, and values written without compression (raw values never begin with the frame magic,
/// which is not valid UTF-8, so Baileys' JSON values are never mistaken for frames).
/// </summary>
/// <remarks>
/// Create it with <see cref="Create(IAuthStateStore, ValueFramer)"/>, which keeps <see cref="IAuthStateKeyEnumeration"/> available when the inner
/// store has it. A stored value that cannot be decoded fails the whole read with an <see cref="InvalidDataException"/>
/// naming the session, type and id (see <see cref="StoredValueErrors"/>), never a partial or empty answer.
/// </remarks>
public class CompressingAuthStateStore : IAuthStateStore
{
    /// <summary>The key name <see cref="InvalidDataException"/>s use for a session's credentials.</summary>
    public const string CredentialsKey = "creds";

    private readonly IAuthStateStore _inner;
    private readonly ValueFramer _framer;

    private protected CompressingAuthStateStore(IAuthStateStore inner, ValueFramer framer)
    {
        _inner = inner;
        _framer = framer;
    }

    /// <summary>The store values are kept in, framed.</summary>
    public IAuthStateStore Inner => _inner;

    /// <summary>How values are framed and compressed.</summary>
    public ValueFramer Framer => _framer;

    /// <summary>Wraps <paramref name="inner"/>; the result implements <see cref="IAuthStateKeyEnumeration"/> when <paramref name="inner"/> does.</summary>
    public static CompressingAuthStateStore Create(IAuthStateStore inner, ValueFramer framer)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(framer);
        return inner is IAuthStateKeyEnumeration
            ? new EnumeratingCompressingAuthStateStore(inner, framer)
            : new CompressingAuthStateStore(inner, framer);
    }

    /// <summary>Wraps <paramref name="inner"/>, compressing with <paramref name="codec"/> from <paramref name="threshold"/> bytes up.</summary>
    /// <exception cref="ArgumentException">The codec is unavailable here or the threshold is negative.</exception>
    public static CompressingAuthStateStore Create(IAuthStateStore inner, ICompressionCodec codec, int threshold = 1024)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return Create(inner, new ValueFramer(new ValueFramerOptions { Codec = codec, Threshold = threshold }));
    }

    /// <inheritdoc />
    public async ValueTask<byte[]?> ReadCredentialsAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var stored = await _inner.ReadCredentialsAsync(sessionId, cancellationToken).ConfigureAwait(false);
        return stored is null || !ValueFrame.IsFramed(stored) ? stored : Decode(sessionId, CredentialsKey, stored);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The credentials are larger than <see cref="ValueFramer.MaxDecompressedBytes"/>, so they could not be read back.</exception>
    public async ValueTask WriteCredentialsAsync(string sessionId, ReadOnlyMemory<byte> credentials, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateSessionId(sessionId);
        ThrowIfUnreadable(credentials.Length, nameof(credentials));
        using var framed = FramedValue.Create(_framer, new(credentials));
        var value = framed.IsOriginal ? credentials : framed.Sequence.First;
        await _inner.WriteCredentialsAsync(sessionId, value, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyDictionary<string, byte[]>> GetKeysAsync(string sessionId, string type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        var stored = await _inner.GetKeysAsync(sessionId, type, ids, cancellationToken).ConfigureAwait(false);
        Dictionary<string, byte[]>? decoded = null;
        foreach (var (id, value) in stored)
        {
            if (ValueFrame.IsFramed(value))
            {
                decoded ??= new Dictionary<string, byte[]>(stored, StringComparer.Ordinal);
                decoded[id] = Decode(sessionId, $"{type}/{id}", value);
            }
        }

        // Unframed values are already the caller's own arrays (stores copy out), so they are passed on as they are.
        return decoded ?? stored;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A value is larger than <see cref="ValueFramer.MaxDecompressedBytes"/>, so it could not be read back; nothing is written.</exception>
    public ValueTask SetKeysAsync(string sessionId, AuthKeyChangeSet changes, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateSessionId(sessionId);
        ArgumentNullException.ThrowIfNull(changes);
        var framed = new AuthKeyChangeSet();
        foreach (var (type, id, value) in changes)
        {
            if (value is not null)
            {
                ThrowIfUnreadable(value.Length, nameof(changes));
            }

            framed.Add(type, id, value is null ? null : Encode(value));
        }

        return _inner.SetKeysAsync(sessionId, framed, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask ClearKeysAsync(string sessionId, CancellationToken cancellationToken = default) => _inner.ClearKeysAsync(sessionId, cancellationToken);

    /// <inheritdoc />
    public ValueTask DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default) => _inner.DeleteSessionAsync(sessionId, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<string> ListSessionsAsync(CancellationToken cancellationToken = default) => _inner.ListSessionsAsync(cancellationToken);

    private void ThrowIfUnreadable(int length, string paramName)
    {
        if (length > _framer.MaxDecompressedBytes)
        {
            throw new ArgumentException($"A value of {length} bytes exceeds the {_framer.MaxDecompressedBytes} bytes a read may decompress, so it could not be read back.", paramName);
        }
    }

    // A value that stays raw is passed by reference: the inner store copies it in, as every store must.
    private byte[] Encode(byte[] value)
        => value.Length < _framer.Threshold && !ValueFrame.NeedsFraming(value) ? value : _framer.Encode(value);

    private byte[] Decode(string sessionId, string key, byte[] stored)
    {
        try
        {
            return _framer.Decode(stored);
        }
        catch (InvalidDataException ex)
        {
            throw StoredValueErrors.Invalid(sessionId, key, ex);
        }
    }
}
