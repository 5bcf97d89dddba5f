using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using TcnWtaNative.Engine;
using TcnWtaNative.Engine.Checkpoints;
using TcnWtaNative.Kernels.Cpu;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Engine;

/// <summary>
/// Checkpoints that are damaged, poisoned or not checkpoints at all are one sentence naming the file, never raw .NET
/// text.
/// </summary>
public class CheckpointBadInputTests
{
    private string _directory = "";
    private string _path = "";

    [SetUp]
    public void SaveAModelInANewFolder()
    {
        _directory = Directory.CreateTempSubdirectory("tcnwta-bad-checkpoint-").FullName;
        _path = Path.Combine(_directory, "model.safetensors");
        SaveAModel();
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    /// <summary>Writes a fresh small model at the test's path, over whatever a test left there.</summary>
    private void SaveAModel()
    {
        using var backend = new CpuBackend();
        using var model = new Autoencoder(
            new AutoencoderConfig { InputChannels = 5, Atoms = 7, FrameLength = 4, TopK = 2 }, backend, seed: 3);
        ModelCheckpoint.Save(_path, model);
    }

    [TestCase(float.NaN, "NaN")]
    [TestCase(float.PositiveInfinity, "+Inf")]
    [TestCase(float.NegativeInfinity, "-Inf")]
    public void ANonFiniteWeightIsRejectedWithTheTensorName(float poison, string shown)
    {
        PoisonedSafetensors.Poison(_path, "decoder.weight", 5, poison);

        Assert.That(LoadError(),
            Is.EqualTo($"{_path}: tensor decoder.weight holds {shown} at value 5; every stored value must be finite"));
    }

    // finite, yet far past any trained weight: a flipped exponent bit, or the largest float
    [TestCase(8.4e36f, "8.4E+36")]
    [TestCase(-3e38f, "-3E+38")]
    public void AWeightBeyondAnyTrainedOneIsRejectedWithTheParameterName(float poison, string shown)
    {
        var (tensors, metadata) = SafetensorsFile.Read(_path);
        tensors["encoder.weight"].Values[3] = poison;
        SafetensorsFile.Write(_path, [.. tensors.Values], metadata);

        Assert.That(LoadError(), Is.EqualTo($"{_path}: parameter encoder.weight holds {shown} at value 3, beyond the "
            + "±1E+15 a model's weights lie in (the model's sums would overflow): the file is damaged or its run "
            + "diverged"));
    }

    [TestCase("{\"input_channels\":", "not valid JSON")]
    [TestCase("null", "not one JSON object of model config fields")]
    [TestCase("{\"input_channels\":5,\"atoms\":7,\"frame_length\":4,\"sparsity\":\"banana\"}",
        "model config field 'sparsity' must be one of \"channel-top-k\", \"spatial\", \"lifetime\", got \"banana\"")]
    [TestCase("{\"input_channels\":5,\"atoms\":\"seven\",\"frame_length\":4}",
        "model config field 'atoms' must be a whole number, got \"seven\"")]
    public void ABadConfigIsNamedInPlainWordsWithTheFile(string config, string problem)
    {
        var (tensors, metadata) = SafetensorsFile.Read(_path);
        metadata[ModelCheckpoint.ConfigKey] = config;
        SafetensorsFile.Write(_path, [.. tensors.Values], metadata);

        Assert.That(LoadError(), Is.EqualTo($"{_path}: the model config is invalid: {problem}"));
    }

    // any data byte changed after the write (here one low mantissa bit, which leaves a plausible weight) is caught by
    // the checksum the header records, and named as such before any value is judged
    [TestCase(0x01)]
    [TestCase(0x40)]
    public void AChangedDataByteFailsTheRecordedChecksum(int flip)
    {
        var (header, data) = Parts();
        data[4 * 9] ^= (byte)flip;
        Write(header, data);

        Assert.That(LoadError(), Is.EqualTo($"{_path}: damaged safetensors file: its data bytes do not match the "
            + "SHA-256 its header records (data_sha256): a byte changed after it was written"));
    }

    // a file cut short (an interrupted copy or download) was named as a changed byte by the checksum
    [Test]
    public void AFileCutShortIsNamedAsCutNotAsAChangedByte()
    {
        var bytes = File.ReadAllBytes(_path);
        int dataBytes = Parts().Data.Length;
        File.WriteAllBytes(_path, bytes[..^12]);

        Assert.That(LoadError(), Is.EqualTo($"{_path}: damaged safetensors file: cut short: its header places data "
            + $"up to byte {dataBytes} of the data and the file holds {dataBytes - 12} (an interrupted copy or "
            + "download?)"));
    }

    // files written before the checksum, or by other tools, load as before; the key never reaches a reader
    [Test]
    public void AFileWithoutAChecksumLoadsAndAReadHidesTheKey()
    {
        Assert.That(SafetensorsFile.Read(_path).Metadata.ContainsKey(SafetensorsFile.DataHashKey), Is.False);
        RewriteHeader(header =>
        {
            var json = JsonNode.Parse(header)!.AsObject();
            json["__metadata__"]!.AsObject().Remove(SafetensorsFile.DataHashKey);
            return json.ToJsonString();
        });
        var (header, data) = Parts();
        data[4 * 9] ^= 0x01;
        Write(header, data);

        using var backend = new CpuBackend();
        using var loaded = ModelCheckpoint.Load(_path, backend).Model;
        Assert.That(loaded.Config.Atoms, Is.EqualTo(7));
    }

    // the format's data bytes are tiled by the tensors: two names on one value, or bytes no tensor claims, are refused
    [Test]
    public void TensorsThatOverlapOrLeaveBytesUnclaimedAreNamed()
    {
        var (header, data) = Parts();
        var json = JsonNode.Parse(Encoding.UTF8.GetString(header).TrimEnd())!.AsObject();
        json["__metadata__"]!.AsObject().Remove(SafetensorsFile.DataHashKey);
        var pair = json.Where(entry => entry.Key != "__metadata__")
            .GroupBy(entry => Length(entry.Value!)).First(group => group.Count() > 1).Take(2).ToArray();
        var (first, second) = (pair[0].Key, pair[1].Key);
        var firstOffsets = json[first]!["data_offsets"]!.AsArray();
        var secondOffsets = json[second]!["data_offsets"]!.AsArray();
        var (kept, moved) = firstOffsets[0]!.GetValue<long>() < secondOffsets[0]!.GetValue<long>()
            ? (first, secondOffsets) : (second, firstOffsets);
        var keptOffsets = json[kept]!["data_offsets"]!.AsArray();
        string movedName = kept == first ? second : first;
        string movedRange = $"[{keptOffsets[0]}, {keptOffsets[1]})";
        moved[0] = keptOffsets[0]!.DeepClone();
        moved[1] = keptOffsets[1]!.DeepClone();
        Write(Encoding.UTF8.GetBytes(json.ToJsonString()), data);
        Assert.That(LoadError(), Does.StartWith($"{_path}: damaged safetensors file: tensor ").And.Contain(
            $" at {movedRange} overlaps tensor ").And.Contain(movedName));

        SaveAModel();
        RewriteHeader(text =>
        {
            var unstamped = JsonNode.Parse(text)!.AsObject();
            unstamped["__metadata__"]!.AsObject().Remove(SafetensorsFile.DataHashKey);
            return unstamped.ToJsonString();
        });
        var (plain, values) = Parts();
        Write(plain, [.. values, 1, 2, 3, 4]);
        Assert.That(LoadError(), Is.EqualTo($"{_path}: damaged safetensors file: the data bytes [{values.Length}, "
            + $"{values.Length + 4}) belong to no tensor"));
    }

    private static long Length(JsonNode entry)
    {
        var offsets = entry["data_offsets"]!.AsArray();
        return offsets[1]!.GetValue<long>() - offsets[0]!.GetValue<long>();
    }

    [Test]
    public void ADuplicateHeaderKeyIsNamed()
    {
        RewriteHeader(header => header.Replace("{\"__metadata__\":", "{\"__metadata__\":{},\"__metadata__\":"));
        Assert.That(LoadError(),
            Is.EqualTo($"{_path}: damaged safetensors file: the header has the key '__metadata__' twice"));
    }

    [Test]
    public void AMetadataThatIsNotAnObjectIsNamed()
    {
        RewriteHeader(header =>
        {
            var json = JsonNode.Parse(header)!.AsObject();
            json["__metadata__"] = "config";
            return json.ToJsonString();
        });
        Assert.That(LoadError(),
            Is.EqualTo($"{_path}: damaged safetensors file: __metadata__ is not an object of strings"));
    }

    [Test]
    public void AHeaderThatIsNotUtf8IsNamed()
    {
        var (header, data) = Parts();
        int at = header.AsSpan().IndexOf("tcnwta-autoencoder/1"u8);
        header[at + 2] = 0xFF;
        Write(header, data);
        Assert.That(LoadError(), Is.EqualTo($"{_path}: damaged safetensors file: the header is not valid UTF-8 text"));
    }

    [Test]
    public void AMidiFileGivenAsAModelIsNotASafetensorsFile()
    {
        File.WriteAllBytes(_path,
            [.. "MThd"u8, 0, 0, 0, 6, 0, 1, 0, 1, 1, 224, .. "MTrk"u8, 0, 0, 0, 4, 0, 255, 47, 0]);
        Assert.That(LoadError(), Is.EqualTo($"{_path}: not a tcnwta model: not a safetensors file"));
    }

    [Test]
    public void StaleTemporaryFilesOfDeadWritersAreRemovedOnTheNextWrite()
    {
        string Temporary(int pid) => Path.Combine(_directory, $".model.safetensors.{pid}.{Guid.NewGuid():N}.tmp");
        string dead = Temporary(int.MaxValue), live = Temporary(1), own = Temporary(Environment.ProcessId),
            other = Path.Combine(_directory, ".notes.tmp");
        foreach (var file in new[] { dead, live, own, other }) File.WriteAllText(file, "partial");

        AtomicFile.Write(_path, stream => stream.WriteByte(1));

        Assert.That(File.Exists(dead), Is.False, "the temporary file of a process that is not running");
        Assert.That(new[] { live, own, other }.All(File.Exists),
            "files of running writers, and files that are not temporaries of this file, stay");
    }

    private string LoadError()
    {
        using var backend = new CpuBackend();
        return Assert.Throws<InvalidDataException>(() => ModelCheckpoint.Load(_path, backend))!.Message;
    }

    private (byte[] Header, byte[] Data) Parts()
    {
        byte[] bytes = File.ReadAllBytes(_path);
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        return (bytes[8..(8 + length)], bytes[(8 + length)..]);
    }

    private void RewriteHeader(Func<string, string> change)
    {
        var (header, data) = Parts();
        Write(Encoding.UTF8.GetBytes(change(Encoding.UTF8.GetString(header).TrimEnd())), data);
    }

    private void Write(byte[] header, byte[] data)
    {
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        File.WriteAllBytes(_path, [.. length, .. header, .. data]);
    }
}
