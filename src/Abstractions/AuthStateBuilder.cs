using Microsoft.Extensions.DependencyInjection;

namespace Adapters;

/// <summary>
/// Further configuration of the <see cref="IAuthStateStore"/> a provider registered (<c>AddAdaptersInMemoryAuthState</c>,
/// <c>AddAdaptersRedisAuthState</c>): decorators such as <c>WithCompression</c> and <c>WithCaching</c> wrap it in the
/// order they are added, each around the previous one.
/// </summary>
public sealed class AuthStateBuilder
{
    private ServiceDescriptor? _registration;

    /// <summary>
    /// Creates the builder for <paramref name="registration"/>, the <see cref="IAuthStateStore"/> descriptor a provider
    /// added to <paramref name="services"/>; <see langword="null"/> when the provider added none because another store
    /// was registered first (decorating then throws rather than wrap a store the provider does not own).
    /// </summary>
    public AuthStateBuilder(IServiceCollection services, ServiceDescriptor? registration)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (registration is not null && (registration.ServiceType != typeof(IAuthStateStore) || registration.IsKeyedService))
        {
            throw new ArgumentException($"The registration must be the unkeyed {nameof(IAuthStateStore)} service.", nameof(registration));
        }

        Services = services;
        _registration = registration;
    }

    /// <summary>The service collection the store is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Replaces the registered store with <paramref name="decorator"/>'s wrapper around it (same lifetime). A wrapper
    /// implementing <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/> is disposed by the container.
    /// </summary>
    /// <exception cref="InvalidOperationException">The provider's registration was not added (another store came first) or was replaced since.</exception>
    public AuthStateBuilder Decorate(Func<IServiceProvider, IAuthStateStore, IAuthStateStore> decorator)
    {
        ArgumentNullException.ThrowIfNull(decorator);
        if (_registration is null || !Services.Contains(_registration))
        {
            throw new InvalidOperationException($"{nameof(IAuthStateStore)} was registered before the provider's registration, or replaced since: there is no provider store to decorate.");
        }

        var inner = Factory(_registration);
        var decorated = ServiceDescriptor.Describe(typeof(IAuthStateStore), provider => decorator(provider, inner(provider)), _registration.Lifetime);
        Services[Services.IndexOf(_registration)] = decorated;
        _registration = decorated;
        return this;
    }

    private static Func<IServiceProvider, IAuthStateStore> Factory(ServiceDescriptor registration)
    {
        if (registration.ImplementationFactory is { } factory)
        {
            return provider => (IAuthStateStore)factory(provider);
        }

        if (registration.ImplementationInstance is IAuthStateStore instance)
        {
            return _ => instance;
        }

        var type = registration.ImplementationType
            ?? throw new InvalidOperationException($"The {nameof(IAuthStateStore)} registration has neither a factory, an instance nor a type.");
        return provider => (IAuthStateStore)ActivatorUtilities.CreateInstance(provider, type);
    }
}
