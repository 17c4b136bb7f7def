namespace Recurrent.Text.NGrams;

/// <summary>
/// Exact n-gram counts for orders 1..N, built by sorting rather than hashing, so memory stays at a few bytes per
/// n-gram. Level k holds every distinct k-gram as key = id(prefix (k−1)-gram) · W + last token (W = vocabulary
/// size; the empty prefix has id 0), sorted, so a k-gram's id is its index and all continuations of one context are
/// one contiguous range. Beside the raw counts, <see cref="LeftExtensions"/> counts the distinct tokens seen
/// before each k-gram: N1+(• g), the Kneser-Ney continuation count.
/// </summary>
internal sealed class NGramTables
{
    public int Order { get; }
    public int Width { get; }
    public long[][] Keys { get; }          // [k] sorted
    public int[][] Counts { get; }         // [k] raw counts
    public int[][] LeftExtensions { get; } // [k] N1+(• g); unused (zeros) at the top order
    public bool[][] StartsWithStart { get; } // [k] the k-gram begins with <s>

    private NGramTables(int order, int width, long[][] keys, int[][] counts, int[][] left)
    {
        (Order, Width, Keys, Counts, LeftExtensions) = (order, width, keys, counts, left);
        StartsWithStart = new bool[order + 1][];
        for (int k = 1; k <= order; k++)
        {
            StartsWithStart[k] = new bool[keys[k].Length];
            for (int i = 0; i < keys[k].Length; i++)
            {
                long prefix = keys[k][i] / width;
                int last = (int)(keys[k][i] % width);
                StartsWithStart[k][i] = k == 1 ? last == NGramVocabulary.Start : StartsWithStart[k - 1][prefix];
            }
        }
    }

    /// <summary>
    /// Counts every k-gram (k ≤ order) that lies inside one sequence; each sequence is read as
    /// &lt;s&gt; tokens... (&lt;/s&gt; when <paramref name="endMarker"/>).
    /// </summary>
    public static NGramTables Build(IReadOnlyList<int[]> sequences, int order, int width, bool endMarker)
    {
        long total = sequences.Sum(s => (long)s.Length + 1 + (endMarker ? 1 : 0));
        if (total > int.MaxValue) throw new ArgumentException($"Corpus of {total} tokens is too large.");
        int n = (int)total;
        var stream = new int[n];
        var remaining = new int[n];       // tokens from here to the end of this position's sequence
        int at = 0;
        foreach (var s in sequences)
        {
            int len = s.Length + 1 + (endMarker ? 1 : 0);
            stream[at] = NGramVocabulary.Start;
            s.CopyTo(stream, at + 1);
            if (endMarker) stream[at + len - 1] = NGramVocabulary.End;
            for (int j = 0; j < len; j++) remaining[at + j] = len - j;
            at += len;
        }

        var keys = new long[order + 1][];
        var counts = new int[order + 1][];
        var left = new int[order + 1][];
        var previousIds = new int[n];     // id of the (k−1)-gram starting at each position (0 = empty prefix at k = 1)
        var currentIds = new int[n];
        var sortKeys = new long[n];
        var sortPositions = new int[n];
        for (int k = 1; k <= order; k++)
        {
            int m = 0;
            for (int i = 0; i < n; i++)
                if (remaining[i] >= k)
                {
                    sortKeys[m] = (long)previousIds[i] * width + stream[i + k - 1];
                    sortPositions[m++] = i;
                }
            Array.Sort(sortKeys, sortPositions, 0, m);
            var levelKeys = new List<long>();
            var levelCounts = new List<int>();
            if (k > 1) left[k - 1] = new int[keys[k - 1].Length];
            for (int r = 0; r < m;)
            {
                int end = r;
                while (end < m && sortKeys[end] == sortKeys[r]) end++;
                int id = levelKeys.Count;
                levelKeys.Add(sortKeys[r]);
                levelCounts.Add(end - r);
                for (int j = r; j < end; j++) currentIds[sortPositions[j]] = id;
                // This k-gram, once, extends its suffix (k−1)-gram to the left.
                if (k > 1) left[k - 1][previousIds[sortPositions[r] + 1]]++;
                r = end;
            }
            keys[k] = [.. levelKeys];
            counts[k] = [.. levelCounts];
            (previousIds, currentIds) = (currentIds, previousIds);
        }
        left[order] = new int[keys[order].Length];
        return new NGramTables(order, width, keys, counts, left);
    }

    public static NGramTables FromArrays(int order, int width, long[][] keys, int[][] counts, int[][] left) =>
        new(order, width, keys, counts, left);

    /// <summary>Index of the k-gram (prefixId, token) at level k, or −1.</summary>
    public int Find(int k, long prefixId, int token) => Math.Max(-1, Array.BinarySearch(Keys[k], prefixId * Width + token));

    /// <summary>Id of the k-gram <paramref name="tokens"/> (k = its length; the empty gram has id 0), or −1.</summary>
    public int FindGram(ReadOnlySpan<int> tokens)
    {
        long id = 0;
        for (int j = 0; j < tokens.Length; j++)
        {
            int found = Find(j + 1, id, tokens[j]);
            if (found < 0) return -1;
            id = found;
        }
        return (int)id;
    }

    /// <summary>The index range [begin, end) of level k's entries whose prefix is <paramref name="prefixId"/>.</summary>
    public (int Begin, int End) Continuations(int k, long prefixId)
    {
        int begin = LowerBound(Keys[k], prefixId * Width), end = LowerBound(Keys[k], (prefixId + 1) * Width);
        return (begin, end);
    }

    private static int LowerBound(long[] a, long value)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
