using System.CommandLine;

namespace TcnWtaNative.Cli.Commands;

/// <summary>"tcnwta midi ...": commands on MIDI files.</summary>
public static class MidiCommand
{
    public static Command Create() => new("midi", "Read, check and listen to MIDI files")
    {
        MidiInspectCommand.Create(), MidiRenderCommand.Create(),
    };
}
