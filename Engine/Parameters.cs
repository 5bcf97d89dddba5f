using TcnWtaNative.Kernels;

namespace TcnWtaNative.Engine;

/// <summary>
/// One named parameter tensor: a view into the model's single contiguous value buffer and the matching view
/// into its single gradient buffer. Views exist once <see cref="ParameterSet"/> has been allocated.
/// </summary>
public sealed class Parameter
{
    /// <summary>The stable name checkpoints store it under, e.g. "encoder.weight".</summary>
    public string Name { get; }
    /// <summary>The tensor's shape.</summary>
    public int[] Shape { get; }
    /// <summary>Where it starts in the contiguous buffers.</summary>
    public int Offset { get; }
    /// <summary>Its number of elements.</summary>
    public int Count { get; }
    /// <summary>PyTorch-style default initialization: uniform in [-InitBound, InitBound].</summary>
    public float InitBound { get; }
    private DeviceBuffer? _value, _gradient;

    internal Parameter(string name, int[] shape, int offset, float initBound)
    {
        Name = name;
        Shape = shape;
        Offset = offset;
        Count = shape.Aggregate(1, (product, size) => checked(product * size));
        InitBound = initBound;
    }

    // the views, made once here: layers read them on every step, which must not allocate
    internal void Bind(DeviceBuffer values, DeviceBuffer gradients)
        => (_value, _gradient) = (values.Slice(Offset, Count), gradients.Slice(Offset, Count));

    /// <summary>The values, a view of the contiguous buffer.</summary>
    public DeviceBuffer Value => _value ?? throw Unallocated();

    /// <summary>The gradient, a view of the contiguous gradient buffer.</summary>
    public DeviceBuffer Gradient => _gradient ?? throw Unallocated();

    private InvalidOperationException Unallocated()
        => new($"parameter {Name} is used before the parameter set was allocated");

    /// <summary>"name [shape]".</summary>
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}

/// <summary>
/// Every parameter of a model in one contiguous buffer (and one for gradients), so the optimizer, gradient
/// clipping and checkpoints are a single loop. Layers declare parameters while the model is built; then
/// <see cref="Allocate"/> creates the buffers and the views.
/// </summary>
public sealed class ParameterSet : IDisposable
{
    private readonly List<Parameter> _parameters = [];
    private DeviceBuffer? _values, _gradients;

    /// <summary>The parameters in declaration order.</summary>
    public IReadOnlyList<Parameter> All => _parameters;
    /// <summary>Elements over all parameters.</summary>
    public int TotalCount { get; private set; }
    /// <summary>The contiguous value buffer.</summary>
    public DeviceBuffer Values
        => _values ?? throw new InvalidOperationException("the parameter set is not allocated yet");
    /// <summary>The contiguous gradient buffer.</summary>
    public DeviceBuffer Gradients
        => _gradients ?? throw new InvalidOperationException("the parameter set is not allocated yet");

    /// <summary>Declares a parameter; its views work after <see cref="Allocate"/>.</summary>
    public Parameter Declare(string name, int[] shape, float initBound)
    {
        if (_values is not null)
            throw new InvalidOperationException($"cannot declare {name} after the parameter set was allocated");
        if (_parameters.Any(p => p.Name == name)) throw new ArgumentException($"parameter {name} is declared twice");
        var parameter = new Parameter(name, shape, TotalCount, initBound);
        _parameters.Add(parameter);
        TotalCount = checked(TotalCount + parameter.Count);
        return parameter;
    }

    /// <summary>
    /// Allocates the value and gradient buffers and fills values with the seeded default initialization.
    /// </summary>
    public void Allocate(IComputeBackend backend, int seed)
    {
        _values = backend.Allocate(TotalCount);
        _gradients = backend.Allocate(TotalCount);
        foreach (var parameter in _parameters) parameter.Bind(_values, _gradients);
        var random = new Random(seed);
        var host = new float[TotalCount];
        foreach (var parameter in _parameters)
            for (int i = 0; i < parameter.Count; i++)
                host[parameter.Offset + i] = (float)((random.NextDouble() * 2 - 1) * parameter.InitBound);
        backend.Upload(host, _values);
    }

    /// <summary>
    /// The parameter called <paramref name="name"/>; an unknown name is an error listing the known ones.
    /// </summary>
    public Parameter this[string name] => _parameters.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException(
            $"no parameter named {name}; the model has {string.Join(", ", _parameters.Select(p => p.Name))}");

    /// <summary>Frees both buffers.</summary>
    public void Dispose()
    {
        _values?.Dispose();
        _gradients?.Dispose();
    }
}
