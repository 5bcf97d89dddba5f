using TcnWtaNative.Midi.Datasets;

namespace TcnWtaNative.Tests.Midi;

/// <summary>
/// A Groove filter that leaves no file says which field did it and what the split holds there, instead of an empty
/// dataset (<see cref="GrooveFilterExplanation"/>); a meter may be written as the commands show it, 3/4.
/// </summary>
public class GrooveFilterExplanationTests
{
    private static readonly GrooveEntry[] Entries =
    [
        Entry("drummer1", "funk/groove1", "4-4", "train"), Entry("drummer1", "rock", "4-4", "train"),
        Entry("drummer2", "rock", "4-4", "train"), Entry("drummer2", "jazz", "3-4", "train"),
        Entry("drummer3", "latin", "6-8", "test"),
    ];

    [Test]
    public void AMeterNoFileHasIsNamedWithTheSplitsMetersMostFilesFirst()
    {
        string why = GrooveFilterExplanation.WhyNone(Entries, new GrooveFilter("train", "7-8"));

        Assert.That(why, Is.EqualTo("no train file has meter '7-8'; the train files' meters: 4-4 (3), 3-4 (1)"));
    }

    [Test]
    public void AStyleNoFileHasListsThePrimaryStyles()
    {
        string why = GrooveFilterExplanation.WhyNone(Entries, new GrooveFilter("train", Style: "fnk"));

        Assert.That(why,
            Is.EqualTo("no train file has style 'fnk'; the train files' styles: rock (2), funk (1), jazz (1)"));
    }

    [Test]
    public void FieldsThatEachKeepSomeButTogetherNoneAreNamedTogether()
    {
        var filter = new GrooveFilter("train", "3-4", Style: "rock", Drummer: "drummer2");

        Assert.That(Entries.Where(filter.Matches), Is.Empty);
        Assert.That(GrooveFilterExplanation.WhyNone(Entries, filter),
            Is.EqualTo("no train file has all of meter '3-4', style 'rock', drummer 'drummer2'"));
    }

    [Test]
    public void AnEmptySplitIsSaidToBeEmpty()
        => Assert.That(GrooveFilterExplanation.WhyNone(Entries, new GrooveFilter("validation")),
            Is.EqualTo("info.csv lists no validation file"));

    [TestCase("3/4", "3-4")]
    [TestCase("3-4", "3-4")]
    [TestCase("ALL", null)]
    public void AMeterIsReadInInfoCsvsSpelling(string option, string? expected)
        => Assert.That(GrooveFilter.ParseMeter(option), Is.EqualTo(expected));

    private static GrooveEntry Entry(string drummer, string style, string meter, string split)
        => new(drummer, $"{drummer}/session1", $"{drummer}/session1/1", style, 100, "beat", meter,
            $"{drummer}/session1/1.mid", 10, split);
}
