using System.CommandLine;

namespace TcnWtaNative.Cli.Commands;

/// <summary>
/// "tcnwta midi render IN.mid OUT.wav [--overwrite]": a MIDI file as audio to listen to, 16-bit mono 44.1 kHz WAV
/// (<see cref="WavOption"/>): drum-channel notes as drum hits by their drum class, every other note as a piano note,
/// the sustain pedal applied. A file without notes is refused: it would be silence.
/// </summary>
public static class MidiRenderCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "A MIDI file (.mid, .midi)" };
        var output = new Argument<string>("OUT") { Description = "The WAV file to write (.wav)" };
        var overwrite = new OverwriteOption();
        var command = new Command("render",
            "Render a MIDI file to a WAV file to listen to: drums on channel 10, piano on the others")
        {
            input, output, overwrite.Option,
        };
        command.SetGuardedAction(parse =>
        {
            string path = parse.GetValue(output)!;
            WavOption.RequireWavFile(path, "OUT");
            overwrite.CheckFiles(parse, [path], [parse.GetValue(input)]);
            var outputs = new OutputSet();
            outputs.AddWav(path, [parse.GetValue(input)!], parse.GetValue(input)!, refuseSilence: true);
            outputs.Write();
            return 0;
        });
        return command;
    }
}
