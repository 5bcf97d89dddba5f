using System.CommandLine;

namespace TcnWtaNative.Cli.Commands;

/// <summary>"tcnwta midi ...": commands on MIDI files.</summary>
public static class MidiCommand
{
    public static Command Create() => new("midi", "Read and check MIDI files") { MidiInspectCommand.Create() };
}
