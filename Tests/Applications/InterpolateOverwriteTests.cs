using TcnWtaNative.Tests.Applications.Support;
using TcnWtaNative.Tests.Support;

namespace TcnWtaNative.Tests.Applications;

/// <summary>interpolate --overwrite into the folder of an earlier path: the folder holds the new path alone.</summary>
[NonParallelizable]
public class InterpolateOverwriteTests : SyntheticRockFolder
{
    [Test]
    public void AShorterPathRemovesTheEarlierPathsLaterSteps()
    {
        string folder = Out("path");
        string[] interpolate = ["interpolate", "--a", Rock, "--b", Rock, "--model", TestModels.Synthetic, "--device",
            "cpu", "--out", folder];
        CliRunner.Succeed([.. interpolate, "--steps", "12"]);
        Assert.That(Directory.GetFiles(folder, "step-*.mid"), Has.Length.EqualTo(13), "step-00.mid .. step-12.mid");
        File.WriteAllText(Path.Combine(folder, "step-notes.mid"), "not a step of a path");

        CliRunner.Succeed([.. interpolate, "--steps", "10", "--overwrite"]);

        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName),
            Is.EquivalentTo(Enumerable.Range(0, 11).Select(step => $"step-{step:D2}.mid").Append("step-notes.mid")),
            "step-11.mid and step-12.mid are gone; a file that is no step stays");
    }

    // an earlier path's step file given as --a would be replaced or removed once read
    [TestCase("step-1.mid")]
    [TestCase("step-3.mid")]
    public void AnEarlierStepFileGivenAsAnInputIsRefusedEvenWithOverwrite(string input)
    {
        string folder = Out("path-from-its-step");
        string[] interpolate = ["interpolate", "--b", Rock, "--model", TestModels.Synthetic, "--device", "cpu",
            "--out", folder];
        CliRunner.Succeed([.. interpolate, "--a", Rock, "--steps", "3", "--overwrite"]);
        string step = Path.Combine(folder, input);
        byte[] before = File.ReadAllBytes(step);

        var (exit, _, stderr) = CliRunner.Run([.. interpolate, "--a", step, "--steps", "2", "--overwrite"]);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(stderr.Trim(), Does.StartWith("error: ").And.Contain("is also an input"));
        Assert.That(File.ReadAllBytes(step), Is.EqualTo(before), "the input is as it was");
    }
}
