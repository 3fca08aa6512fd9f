namespace PerceptualLosses.Models;

/// <summary>A model built and loaded from a file by <see cref="ModelStore"/>, with what the load did.</summary>
/// <typeparam name="TModel">The model type.</typeparam>
/// <param name="Model">The model, in eval mode; the caller owns (and disposes) it.</param>
/// <param name="Report">Loaded, dropped, renamed and ignored keys.</param>
public sealed record LoadedModel<TModel>(TModel Model, WeightLoadReport Report);
