using TcnWtaNative.Kernels.Cpu;

// u12 study (throwaway, not part of the product): `ceiling MODEL` or `union SPLIT ITERATIONS DICT...`
using var backend = new CpuBackend();
switch (args[0])
{
    case "ceiling": Ceiling.Run(backend, args[1]); break;
    case "union": Union.Run(backend, args[1], int.Parse(args[2]), args[3..]); break;
    default: throw new ArgumentException($"unknown mode {args[0]}");
}
