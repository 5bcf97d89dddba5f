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
}
