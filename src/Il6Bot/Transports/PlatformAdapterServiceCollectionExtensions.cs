using System.Diagnostics.CodeAnalysis;
using Il6Bot.Commands;
using Il6Bot.Content;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Il6Bot.Transports;

/// <summary>The registrations every platform adapter (Discord, Slack, the next one) makes the same way.</summary>
public static class PlatformAdapterServiceCollectionExtensions
{
    /// <summary>
    /// Adds what each adapter shares: its options validator (the options themselves are bound by the caller, so
    /// the configuration binding generator sees the concrete type), the clock, the deadline responder for its
    /// <paramref name="platform"/> (late answers are logged as <paramref name="lateAnswers"/>), and its render
    /// cache, which content load warms through <see cref="IRenderCache"/>.
    /// </summary>
    public static IServiceCollection AddPlatformAdapter<
        TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TRenderCache>(
        this IServiceCollection services, Platform platform, string lateAnswers)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
        where TRenderCache : class, IRenderCache
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddDeadlineResponder(platform, lateAnswers);
        services.AddSingleton<TRenderCache>();
        services.AddSingleton<IRenderCache>(sp => sp.GetRequiredService<TRenderCache>());
        return services;
    }

    /// <summary>
    /// A <see cref="Lazy{T}"/> of a service, for singletons that need a client only on a rare path (a late answer,
    /// a follow-up) and must not build it, with its HTTP handler chain, when they are built themselves.
    /// </summary>
    // Lazy<T> may build T itself (it never does here: the factory is given), so trimming must keep that constructor.
    public static IServiceCollection AddLazy<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(this IServiceCollection services)
        where T : class
    {
        // Only singletons take this, so sp is the root provider and may be used whenever the Lazy is first read.
        services.AddTransient(sp => new Lazy<T>(sp.GetRequiredService<T>));
        return services;
    }
}
