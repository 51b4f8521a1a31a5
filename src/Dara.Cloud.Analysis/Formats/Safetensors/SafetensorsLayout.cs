using Dara.Cloud.Analysis.Artifacts;

namespace Dara.Cloud.Analysis.Formats.Safetensors;

/// <summary>
/// The Rust crate's <c>Metadata::validate</c> (formats.md §1.4 steps 4–7): tensors sorted by offsets must tile the
/// data buffer from 0 without holes or overlaps, each must span exactly elements × bits / 8 bytes, and the buffer must
/// end exactly at the end of the file. This is what makes a header trustworthy evidence about the weights
/// (and rules out polyglot files hiding other content in unindexed bytes).
/// </summary>
internal static class SafetensorsLayout
{
    public static void Validate(string file, List<SafetensorsHeaderEntry> entries, long headerLength, long fileLength)
    {
        var order = OrderByOffsets(entries);
        long expectedBegin = 0;
        foreach (var index in order)
        {
            var (tensor, dtype) = entries[index];
            if (tensor.End < tensor.Begin)
            {
                throw new ArtifactException(
                    file, $"tensor {MessageText.Quote(tensor.Name)} data_offsets [{tensor.Begin}, {tensor.End}] end before they begin");
            }

            if (tensor.Begin != expectedBegin)
            {
                var problem = tensor.Begin > expectedBegin ? "leaving a hole" : "overlapping it";
                throw new ArtifactException(
                    file,
                    $"tensor {MessageText.Quote(tensor.Name)} begins at data byte {tensor.Begin} but the previous tensor ends at {expectedBegin}, {problem}");
            }

            CheckSize(file, tensor, dtype);
            expectedBegin = tensor.End;
        }

        // No overflow: headerLength ≤ 100 MiB and offsets ≤ 2^53.
        var dataEnd = 8 + headerLength + expectedBegin;
        if (dataEnd != fileLength)
        {
            throw new ArtifactException(
                file,
                $"the tensor data ends at byte {dataEnd} but the file is {fileLength} bytes long"
                + (dataEnd < fileLength ? " (unindexed trailing bytes)" : " (truncated)"));
        }
    }

    private static void CheckSize(string file, SafetensorsTensor tensor, SafetensorsDType dtype)
    {
        long bits;
        try
        {
            long elements = 1;
            foreach (var dim in tensor.Shape)
            {
                elements = checked(elements * dim);
            }

            bits = checked(elements * dtype.Bits);
        }
        catch (OverflowException)
        {
            throw new ArtifactException(
                file, $"tensor {MessageText.Quote(tensor.Name)} shape [{string.Join(", ", tensor.Shape)}] is too large to have a byte size");
        }

        if (bits % 8 != 0)
        {
            throw new ArtifactException(
                file,
                $"tensor {MessageText.Quote(tensor.Name)} shape [{string.Join(", ", tensor.Shape)}] of {dtype.Name} ({dtype.Bits}-bit) is not a whole number of bytes");
        }

        var span = tensor.End - tensor.Begin;
        if (span != bits / 8)
        {
            throw new ArtifactException(
                file,
                $"tensor {MessageText.Quote(tensor.Name)} data_offsets span {span} bytes but shape [{string.Join(", ", tensor.Shape)}] of {dtype.Name} needs {bits / 8}");
        }
    }

    /// <summary>Entry indexes sorted by (begin, end), as Rust sorts <c>data_offsets</c> tuples.</summary>
    private static int[] OrderByOffsets(List<SafetensorsHeaderEntry> entries)
    {
        var order = new int[entries.Count];
        var sorted = true;
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            if (i > 0 && Compare(entries[i - 1].Tensor, entries[i].Tensor) > 0)
            {
                sorted = false;
            }
        }

        // Writers usually emit entries in offset order already; sorting is only needed otherwise.
        if (!sorted)
        {
            Array.Sort(order, (a, b) =>
            {
                var byOffsets = Compare(entries[a].Tensor, entries[b].Tensor);
                return byOffsets != 0 ? byOffsets : a.CompareTo(b);
            });
        }

        return order;
    }

    private static int Compare(SafetensorsTensor x, SafetensorsTensor y)
    {
        var byBegin = x.Begin.CompareTo(y.Begin);
        return byBegin != 0 ? byBegin : x.End.CompareTo(y.End);
    }
}
