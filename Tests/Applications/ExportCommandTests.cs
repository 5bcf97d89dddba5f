using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Midi.Representations;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications;

/// <summary>
/// `tcnwta export`: weights-only copies in float32 and float16 that every command reads, and its refusals.
/// </summary>
[NonParallelizable]
public class ExportCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = TestModels.OutputFolder();

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private string Out(string name) => Path.Combine(_folder, name);

    [Test]
    public void AFloat32ExportHoldsTheSameWeightsConfigAndRepresentation()
    {
        string copy = Out("copy.safetensors");
        string stdout = CliRunner.Succeed("export", "--model", TestModels.Synthetic, "--out", copy);

        var (source, sourceMetadata) = SafetensorsFile.Read(TestModels.Synthetic);
        var (exported, metadata) = SafetensorsFile.Read(copy);
        Assert.That(exported.Keys, Is.EquivalentTo(new[] { "encoder.weight", "decoder.weight" }));
        foreach (var (name, tensor) in exported) Assert.That(tensor.Values, Is.EqualTo(source[name].Values), name);
        Assert.That(metadata, Is.EquivalentTo(sourceMetadata));
        Assert.That(DTypes(copy), Is.All.EqualTo("F32"));
        Assert.That(stdout, Does.Contain($"wrote {copy}: 10368 parameters as float32"));
    }

    [Test]
    public void AHalfExportIsHalfTheSizeAndReconstructsLikeTheOriginal()
    {
        string half = Out("half.safetensors"), rock = TestModels.SyntheticFile(_folder, 0);
        CliRunner.Succeed("export", "--model", TestModels.Synthetic, "--out", half, "--half");

        Assert.That(DTypes(half), Is.All.EqualTo("F16"));
        Assert.That(new FileInfo(half).Length, Is.LessThan(new FileInfo(TestModels.Synthetic).Length * 0.55));
        var source = SafetensorsFile.Read(TestModels.Synthetic).Tensors["decoder.weight"].Values;
        var read = SafetensorsFile.Read(half).Tensors["decoder.weight"].Values;
        Assert.That(read.Zip(source, (h, f) => Math.Abs(h - f) <= Math.Abs(f) / 1024 + 1e-7f), Is.All.True,
            "within float16's 11 significant bits");

        string full = CliRunner.Succeed("reconstruct", "--model", TestModels.Synthetic, "--input", rock, "--out",
            Out("full.mid"), "--device", "cpu");
        string halved = CliRunner.Succeed("reconstruct", "--model", half, "--input", rock, "--out", Out("half.mid"),
            "--device", "cpu");
        Assert.That(NotesF1(full), Is.Not.Empty, full);
        Assert.That(NotesF1(halved), Is.EqualTo(NotesF1(full)));
    }

    [Test]
    public void ARunFolderExportsItsModelWithoutTheTrainingState()
    {
        string run = Out("run"), copy = Out("from-run.safetensors");
        CliRunner.Succeed("train", "--dataset", "synthetic", "--device", "cpu", "--samples", "32",
            "--validation-samples", "0", "--epochs", "1", "--no-cache", "--out", run);

        CliRunner.Succeed("export", "--model", run, "--out", copy);

        var (tensors, metadata) = SafetensorsFile.Read(copy);
        Assert.That(tensors.Keys.Where(name => name.StartsWith("optimizer.")), Is.Empty);
        Assert.That(metadata.Keys, Does.Not.Contain("training_state").And.Not.Contain("training_options"));
        Assert.That(File.Exists(Out("from-run.state.safetensors")), Is.False);
    }

    [Test]
    public void BadInputIsOneErrorLineAndWritesNothing()
    {
        string copy = Out("copy.safetensors"), midi = TestModels.SyntheticFile(_folder, 1);
        AssertError(["export", "--model", Out("absent.safetensors"), "--out", copy],
            $"error: {Out("absent.safetensors")}: no such model file");
        AssertError(["export", "--model", midi, "--out", copy],
            $"error: {midi}: not a tcnwta model: not a safetensors file");
        Assert.That(File.Exists(copy), Is.False);

        File.WriteAllText(copy, "keep me");
        AssertError(["export", "--model", TestModels.Synthetic, "--out", copy],
            $"error: {copy} already exists; replace it with --overwrite");
        Assert.That(File.ReadAllText(copy), Is.EqualTo("keep me"));
        CliRunner.Succeed("export", "--model", TestModels.Synthetic, "--out", copy, "--overwrite");
    }

    [TestCase(RepresentationSettings.MetadataKey, "{\"kind\":\"banjo\"}",
        "the representation settings are invalid: 'kind' must be one of \"groove\", \"events\", \"pianoroll\", "
        + "\"onset-roll\"")]
    [TestCase(RepresentationSettings.MetadataKey, null,
        "the checkpoint does not say which music representation it was trained on")]
    [TestCase("encoder", "banana", "the metadata key encoder is 'banana', not one of wta, omp, gain, union")]
    [TestCase("meter", "0-0", "the model's meter \"0-0\" is not a time signature such as 4-4, 3-4 or 6-8")]
    [TestCase("meter", "7-32", "the model's meter 7-32 does not divide into 16th notes")]
    public void AModelWhoseMetadataNoCommandCanReadIsNotCopied(string key, string? value, string problem)
    {
        string damaged = Out("damaged.safetensors"), copy = Out("copy.safetensors");
        var (tensors, metadata) = SafetensorsFile.Read(TestModels.Synthetic);
        metadata.Remove(key);
        if (value is not null) metadata[key] = value;
        SafetensorsFile.Write(damaged, [.. tensors.Values], metadata);

        AssertError(["export", "--model", damaged, "--out", copy], $"error: {damaged}: {problem}");
        Assert.That(File.Exists(copy), Is.False);
    }

    [Test]
    public void AModelLinkThatLeadsToNoFileIsNamedWithItsTarget()
    {
        string dangling = Out("dangling.safetensors"), loop = Out("loop.safetensors"), run = Out("run");
        File.CreateSymbolicLink(dangling, Out("gone.safetensors"));
        File.CreateSymbolicLink(loop, loop);
        Directory.CreateDirectory(run);
        File.CreateSymbolicLink(Path.Combine(run, "model.safetensors"), Out("gone.safetensors"));

        AssertError(["export", "--model", dangling, "--out", Out("copy.safetensors")],
            $"error: {dangling}: no such model file: a symbolic link to {Out("gone.safetensors")}, "
            + "which leads to no file");
        AssertError(["export", "--model", loop, "--out", Out("copy.safetensors")],
            $"error: {loop}: no such model file: a symbolic link to {loop}, which leads to no file");
        AssertError(["export", "--model", run, "--out", Out("copy.safetensors")],
            $"error: {Path.Combine(run, "model.safetensors")}: no such model file: a symbolic link to "
            + $"{Out("gone.safetensors")}, which leads to no file");
        Assert.That(File.Exists(Out("copy.safetensors")), Is.False);
    }

    [Test]
    public void AWeightBeyondFloat16sRangeIsRefused()
    {
        string big = Out("big.safetensors"), half = Out("big-half.safetensors");
        var (tensors, metadata) = SafetensorsFile.Read(TestModels.Synthetic);
        tensors["decoder.weight"].Values[2] = 70000f;
        SafetensorsFile.Write(big, [.. tensors.Values], metadata);

        AssertError(["export", "--model", big, "--out", half, "--half"],
            "error: tensor decoder.weight holds 70000 at value 2, beyond float16's range (±65504); "
            + "keep this model in float32");
        Assert.That(File.Exists(half), Is.False);
    }

    private static void AssertError(string[] args, string line)
    {
        var (exit, stdout, stderr) = CliRunner.Run(args);
        Assert.That((exit, stdout, stderr.Trim()), Is.EqualTo((1, "", line)));
    }

    private static string NotesF1(string stdout) => Regex.Match(stdout, @"notes F1 ([0-9.]+)").Groups[1].Value;

    // the dtype of every tensor in a safetensors file's header
    private static IEnumerable<string> DTypes(string path)
    {
        using var stream = File.OpenRead(path);
        var length = new byte[8];
        stream.ReadExactly(length);
        var header = new byte[BitConverter.ToInt64(length)];
        stream.ReadExactly(header);
        return JsonNode.Parse(header)!.AsObject().Where(pair => pair.Key != "__metadata__")
            .Select(pair => pair.Value!["dtype"]!.GetValue<string>()).ToList();
    }
}
