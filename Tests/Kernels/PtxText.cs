using System.Text.RegularExpressions;

namespace TcnWtaNative.Tests.Kernels;

/// <summary>
/// Reading ILGPU's PTX in tests: counting instructions, and counting the loops of a kernel's control flow. ILGPU lays
/// out basic blocks in no textual order, so a loop is not a branch to an earlier line: the loops are found as the
/// targets of back edges in a depth-first walk of the branch graph from the entry (one header per natural loop).
/// </summary>
internal static partial class PtxText
{
    /// <summary>Occurrences of <paramref name="pattern"/> (a regular expression) in <paramref name="ptx"/>.</summary>
    public static int Count(string ptx, string pattern) => Regex.Matches(ptx, pattern).Count;

    /// <summary>How many distinct blocks of <paramref name="ptx"/> (one kernel) head a loop.</summary>
    public static int LoopHeaders(string ptx)
    {
        var successors = Successors(ptx);
        var onPath = new HashSet<string>();
        var done = new HashSet<string>();
        var headers = new HashSet<string>();
        var stack = new Stack<(string Block, int Next)>();
        stack.Push((Entry, 0));
        onPath.Add(Entry);
        while (stack.Count > 0)
        {
            var (block, next) = stack.Pop();
            var targets = successors.GetValueOrDefault(block, []);
            if (next == targets.Count)
            {
                onPath.Remove(block);
                done.Add(block);
                continue;
            }
            stack.Push((block, next + 1));
            string target = targets[next];
            if (onPath.Contains(target)) headers.Add(target);
            else if (!done.Contains(target))
            {
                onPath.Add(target);
                stack.Push((target, 0));
            }
        }
        return headers.Count;
    }

    /// <summary>The bytes of shared memory <paramref name="ptx"/> declares statically (its fixed-size .shared arrays).
    /// </summary>
    public static long StaticSharedBytes(string ptx)
        => SharedArray().Matches(ptx).Sum(array => long.Parse(array.Groups[1].Value));

    private const string Entry = "<entry>";

    // Each labelled block's branch targets, plus its fall-through into the next label unless an unconditional branch
    // or a return ends it.
    private static Dictionary<string, List<string>> Successors(string ptx)
    {
        var successors = new Dictionary<string, List<string>> { [Entry] = [] };
        string block = Entry;
        bool ended = false;
        foreach (string raw in ptx.Split('\n'))
        {
            string line = raw.Trim();
            var label = LabelLine().Match(line);
            if (label.Success)
            {
                if (!ended) successors[block].Add(label.Groups[1].Value);
                block = label.Groups[1].Value;
                successors[block] = [];
                ended = false;
                continue;
            }
            var branch = BranchLine().Match(line);
            if (branch.Success)
            {
                successors[block].Add(branch.Groups[1].Value);
                ended |= !line.StartsWith('@');
            }
            else if (line.StartsWith("ret", StringComparison.Ordinal)) ended = true;
        }
        return successors;
    }

    [GeneratedRegex(@"^(\w+):$")]
    private static partial Regex LabelLine();

    [GeneratedRegex(@"\bbra(?:\.uni)?\s+(\w+);")]
    private static partial Regex BranchLine();

    [GeneratedRegex(@"^\s*\.shared\s.*\[(\d+)\];", RegexOptions.Multiline)]
    private static partial Regex SharedArray();
}
