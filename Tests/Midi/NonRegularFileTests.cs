using System.Diagnostics;
using TcnWtaNative.Midi.Datasets;
using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Midi;

/// <summary>
/// A FIFO in place of a listed or --data MIDI file is skipped as having 0 bytes before it is opened, where
/// opening it blocked the command forever.
/// </summary>
public class NonRegularFileTests
{
    private string _dir = "";
    private string _fifo = "";

    [SetUp]
    public void CreateFifo()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("FIFOs in the file system are a Unix thing");
        _dir = TestData.TempDir();
        _fifo = Path.Combine(_dir, "fifo.mid");
        using var mkfifo = Process.Start("mkfifo", [_fifo]);
        mkfifo.WaitForExit();
        Assert.That(mkfifo.ExitCode, Is.EqualTo(0), "mkfifo");
    }

    /// <summary>Runs <paramref name="work"/>, failing (and then unblocking the FIFO's reader) if it hangs.</summary>
    private T WithoutHanging<T>(Func<T> work)
    {
        var task = Task.Run(work);
        if (task.Wait(TimeSpan.FromSeconds(30))) return task.Result;
        using (File.OpenWrite(_fifo)) { }
        Assert.Fail("blocked on opening the FIFO");
        return default!;
    }

    [Test]
    public void AListedFifoIsSkippedWithItsReason()
    {
        File.WriteAllLines(Path.Combine(_dir, GrooveIndex.InfoFileName),
        [
            "drummer,session,id,style,bpm,beat_type,time_signature,midi_filename,audio_filename,duration,split",
            "drummer1,drummer1/s,drummer1/s/1,funk,120,beat,4-4,fifo.mid,,2.0,train",
        ]);
        var set = WithoutHanging(() => GrooveDataset.Open(_dir, GrooveFilter.All));

        Assert.That(set.Load.Skipped.Single(), Is.EqualTo(new SkippedFile(_fifo, RegularFiles.Problem)));
    }

    [Test]
    public void AFifoAmongDataFilesIsSkippedWithALine()
    {
        var (exit, _, stderr) = WithoutHanging(() => CliRunner.Run("atoms", "--model", TestModels.Synthetic,
            "--data", _dir, "--out", Path.Combine(_dir, "atoms"), "--device", "cpu"));

        Assert.That(exit, Is.EqualTo(1), "no --data file readable");
        Assert.That(stderr, Does.Contain($"skipped {_fifo}: {RegularFiles.Problem}"));
    }
}
