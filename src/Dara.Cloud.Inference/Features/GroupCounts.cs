using System.Numerics;

namespace Dara.Cloud.Inference.Features;

/// <summary>
/// One group's distinct keys with their counts, in insertion order (so a group is summed and written in the same
/// order every time), found through an open-addressing index over the already well-mixed keys. The index is
/// sized per group from an upper bound on its keys (a short group probes a small, cache-resident table) and its
/// slots are stamped with the group's generation, so starting a group clears nothing.
/// </summary>
internal sealed class GroupCounts
{
    /// <summary>The largest index sized up front; beyond it the index grows as keys arrive (hostile input).</summary>
    private const int MaxPresizedSlots = 1 << 17;

    /// <summary>log(1 + n) for the small whole counts nearly every feature has.</summary>
    private static readonly double[] Log1pTable = Enumerable.Range(0, 1024).Select(n => Math.Log(1 + n)).ToArray();

    private Slot[] _slots = new Slot[1024];
    private DenseSlot[] _byId = [];
    private int _idGeneration;
    private ulong[] _keys = new ulong[512];
    private float[] _counts = new float[512];
    private int _mask = 1023;
    private int _generation;
    private int _count;

    public int Count => _count;

    /// <summary>The distinct keys, first-seen first.</summary>
    public ReadOnlySpan<ulong> Keys => _keys.AsSpan(0, _count);

    /// <summary>The count of each key of <see cref="Keys"/>.</summary>
    public ReadOnlySpan<float> Counts => _counts.AsSpan(0, _count);

    /// <summary>
    /// Starts a group of at most about <paramref name="expectedKeys"/> distinct keys (more only cost a regrowth),
    /// added with <see cref="Add"/>, or with <see cref="AddById"/> for ids under <paramref name="ids"/>; a group uses one or the other.
    /// </summary>
    public void Begin(int expectedKeys, int ids = 0)
    {
        _count = 0;
        if (ids > 0)
        {
            if (ids > _byId.Length)
            {
                _byId = new DenseSlot[Math.Max(ids, 2 * _byId.Length)];
                _idGeneration = 0;
            }

            if (++_idGeneration == int.MaxValue)
            {
                Array.Clear(_byId);
                _idGeneration = 1;
            }
        }

        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(2 * expectedKeys, 16, MaxPresizedSlots));
        Resize(size);
    }

    /// <summary>Adds <paramref name="count"/> to <paramref name="key"/>; true when the key is new to the group.</summary>
    public bool Add(ulong key, float count = 1f)
    {
        var slots = _slots;
        var mask = _mask;
        var generation = _generation;
        var at = (int)key & mask;
        while (true)
        {
            ref var slot = ref slots[at];
            if (slot.Generation != generation)
            {
                break;
            }

            if (slot.Key == key)
            {
                _counts[slot.Index] += count;
                return false;
            }

            at = (at + 1) & mask;
        }

        // Keep the index at most half full, so probes stay short.
        if (2 * (_count + 1) > mask + 1)
        {
            Resize(2 * (mask + 1));
            Place(key, _count);
        }
        else
        {
            slots[at] = new Slot(key, _count, generation);
        }

        _keys[_count] = key;
        _counts[_count++] = count;
        return true;
    }

    /// <summary>Adds <paramref name="count"/> to <paramref name="key"/>, whose dense id <paramref name="id"/> stands for it (one id per key).</summary>
    public void AddById(int id, ulong key, float count)
    {
        ref var slot = ref _byId[id];
        if (slot.Generation == _idGeneration)
        {
            _counts[slot.Index] += count;
            return;
        }

        if (_count == _keys.Length)
        {
            Array.Resize(ref _keys, 2 * _count);
            Array.Resize(ref _counts, 2 * _count);
        }

        slot = new DenseSlot(_count, _idGeneration);
        _keys[_count] = key;
        _counts[_count++] = count;
    }

    /// <summary>log(1 + count) per distinct key, the group scaled to length <paramref name="weight"/>, added into buckets.</summary>
    public void WriteTo(Span<float> destination, float weight)
    {
        if (_count == 0)
        {
            return;
        }

        var keys = _keys.AsSpan(0, _count);
        var counts = _counts.AsSpan(0, _count);
        var log1p = Log1pTable;
        var norm = 0.0;
        for (var i = 0; i < counts.Length; i++)
        {
            // Nearly every count is a small whole number: its log is in the table (what Damped would look up).
            var count = counts[i];
            var whole = (int)count;
            var damped = (uint)whole < (uint)log1p.Length && whole == count ? (float)log1p[whole] : (float)Damped(count);
            counts[i] = damped;
            norm += (double)damped * damped;
        }

        var scale = weight / Math.Sqrt(norm);
        if (BitOperations.IsPow2(destination.Length))
        {
            // BucketOf with the mask hoisted out of the loop.
            var mask = (ulong)(destination.Length - 1);
            for (var i = 0; i < keys.Length; i++)
            {
                var key = keys[i];
                var sign = (key >> 63) == 0 ? 1f : -1f;
                destination[(int)(key & mask)] += (float)(sign * counts[i] * scale);
            }
        }
        else
        {
            for (var i = 0; i < keys.Length; i++)
            {
                var (index, sign) = BucketOf(keys[i], destination.Length);
                destination[index] += (float)(sign * counts[i] * scale);
            }
        }
    }

    /// <summary>An index of <paramref name="size"/> slots (a power of two) holding the current keys.</summary>
    private void Resize(int size)
    {
        if (size > _slots.Length)
        {
            _slots = new Slot[size];
            _generation = 0;
        }

        if (size / 2 > _keys.Length)
        {
            Array.Resize(ref _keys, size / 2);
            Array.Resize(ref _counts, size / 2);
        }

        // A new generation frees every slot at once; on wrap-around the stale stamps are cleared for real.
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_slots);
            _generation = 1;
        }

        _mask = size - 1;
        for (var i = 0; i < _count; i++)
        {
            Place(_keys[i], i);
        }
    }

    private void Place(ulong key, int index)
    {
        var at = (int)key & _mask;
        while (_slots[at].Generation == _generation)
        {
            at = (at + 1) & _mask;
        }

        _slots[at] = new Slot(key, index, _generation);
    }

    /// <summary>One index slot: a key, where its count is, and the generation that wrote it.</summary>
    private readonly record struct Slot(ulong Key, int Index, int Generation);

    /// <summary>Where the count of an id's key is, and the generation that wrote it.</summary>
    private readonly record struct DenseSlot(int Index, int Generation);

    /// <summary>The bucket (low bits) and sign (top bit) of a feature; a power-of-two width takes a mask, not a division.</summary>
    internal static (int Index, float Sign) BucketOf(ulong hash, int width)
    {
        var bits = hash & 0x7FFFFFFFFFFFFFFFUL;
        var index = BitOperations.IsPow2(width) ? (int)(bits & (ulong)(width - 1)) : (int)(bits % (ulong)width);
        return (index, (hash >> 63) == 0 ? 1f : -1f);
    }

    private static double Damped(float count) =>
        count >= 0 && count < Log1pTable.Length && count == MathF.Floor(count) ? Log1pTable[(int)count] : Math.Log(1 + count);
}
