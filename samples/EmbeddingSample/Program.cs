using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Engine.Inference;
using TcnWtaNative.Kernels;
using TcnWtaNative.Midi.Files;
using TcnWtaNative.Midi.Representations;

// usage: EmbeddingSample MODEL.safetensors PIECE.mid
using var backend = ComputeDevices.Create("cpu");
var checkpoint = ModelCheckpoint.Load(args[0], backend);
using var model = checkpoint.Model;
var representation = MusicRepresentations.FromMetadata(checkpoint.Metadata, args[0]);
var piece = representation.Encode(MidiReader.Read(args[1]));
var code = model.Encode(piece.Signal, piece.Length);
Console.WriteLine($"{args[1]}: {code.Columns} frames of {code.Atoms} atoms; top atoms:");
foreach (var (atom, usage) in code.TopAtoms(5))
    Console.WriteLine($"  atom {atom,4}  usage {usage:F3}");
