using System.Collections.Generic;
using static TorchSharp.torch;

namespace PerceptualLosses.Metrics;

/// <summary>Subbands of a <see cref="SteerablePyramid"/>.</summary>
/// <param name="HighPass">High-pass residual, image size.</param>
/// <param name="Bands">Oriented bands: <c>Bands[level][orientation]</c>, level 0 the finest; orientation 0 is 0°, 3 is 90°.</param>
/// <param name="LowPass">Low-pass residual.</param>
public sealed record PyramidBands(Tensor HighPass, IReadOnlyList<IReadOnlyList<Tensor>> Bands, Tensor LowPass);
