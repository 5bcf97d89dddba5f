using System.CommandLine;

namespace TcnWtaNative.Cli.Commands;

/// <summary>"tcnwta dataset ...": commands on the Groove and MAESTRO datasets.</summary>
public static class DatasetCommand
{
    public static Command Create()
        => new("dataset",
            "Index, encode and summarize the Groove and MAESTRO datasets") { DatasetStatsCommand.Create() };
}
